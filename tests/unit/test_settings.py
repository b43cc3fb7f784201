"""Settings: parsing and writing ptop.toml never fails and keeps what is valid."""

from __future__ import annotations

import tomllib

import pytest

from ptop.model.settings import (
    Settings,
    format_settings,
    parse_settings,
    resolve_sort_name,
    sort_names,
    with_changes,
)


def test_an_empty_file_is_the_defaults_without_warning():
    assert parse_settings("") == (Settings(), None)


def test_what_is_written_reads_back_the_same():
    settings = Settings(
        sort_key="mem",
        reverse=False,
        tree=True,
        interval_s=2.5,
        theme='odd "theme" \\ name',
        lang="zh",
        scenario_column=False,
        hidden_columns=frozenset({"nice", "ppid"}),
    )
    text = format_settings(settings)
    assert parse_settings(text) == (settings, None)
    assert tomllib.loads(text)["hidden_columns"] == ["ppid", "nice"]  # display order


def test_a_language_that_follows_the_locale_is_not_written():
    assert "lang" not in tomllib.loads(format_settings(Settings()))


@pytest.mark.parametrize(
    "text",
    ['sort_key = "pid', "interval_s = [", "\x00", "= 1", "[[[", "tree = yes"],
)
def test_a_file_that_is_not_toml_gives_defaults_and_one_warning(text):
    settings, warning = parse_settings(text)
    assert settings == Settings()
    assert warning is not None
    assert "\n" not in warning
    assert "not valid TOML" in warning


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ('sort_key = "nonsense"', "sort_key"),
        ("sort_key = 3", "sort_key"),
        ('tree = "yes"', "tree"),
        ("reverse = 1", "reverse"),
        ('interval_s = "fast"', "interval_s"),
        ("interval_s = true", "interval_s"),
        ("interval_s = 0.001", "interval_s"),
        ("interval_s = 1e10", "interval_s"),
        ("interval_s = nan", "interval_s"),
        ("interval_s = inf", "interval_s"),
        ("theme = 7", "theme"),
        ('theme = "  "', "theme"),
        ('lang = "fr"', "lang"),
        ('hidden_columns = "pid"', "hidden_columns"),
        ("hidden_columns = [1, 2]", "hidden_columns"),
        ("scenario_column = {}", "scenario_column"),
    ],
)
def test_a_wrong_value_keeps_its_default_and_the_others(line, name):
    good = {"theme": '"nord"', "tree": "true", "lang": '"zh"'}
    others = "".join(f"{key} = {value}\n" for key, value in good.items() if key != name)
    settings, warning = parse_settings(others + line + "\n")
    assert warning is not None
    assert name in warning
    assert "\n" not in warning
    assert getattr(settings, name) == getattr(Settings(), name)
    expected = {"theme": "nord", "tree": True, "lang": "zh"}
    for key, value in expected.items():
        if key != name:
            assert getattr(settings, key) == value


def test_unknown_keys_are_ignored_silently():
    assert parse_settings('colour = "red"\n[section]\nx = 1\ntree = 1\n') == (Settings(), None)


def test_integers_are_accepted_as_intervals():
    assert parse_settings("interval_s = 2")[0].interval_s == 2.0


def test_hidden_columns_drop_unknown_names_and_never_hide_the_command():
    settings, warning = parse_settings('hidden_columns = ["ppid", "command", "bogus"]')
    assert warning is None
    assert settings.hidden_columns == frozenset({"ppid"})


def test_sort_names_in_the_file_may_be_titles_or_htop_names():
    assert parse_settings('sort_key = "MEM%"')[0].sort_key == "mem"
    assert parse_settings('sort_key = "PERCENT_CPU"')[0].sort_key == "cpu"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("CPU%", "cpu"),
        ("cpu%", "cpu"),
        ("cpu", "cpu"),
        ("PERCENT_CPU", "cpu"),
        ("MEM%", "mem"),
        ("percent_mem", "mem"),
        ("PID", "pid"),
        ("TIME+", "time"),
        ("time", "time"),
        ("M_RESIDENT", "rss"),
        ("Command", "command"),
        ("COMM", "command"),
        ("nlwp", "threads"),
        ("STATE", "status"),
        (" user ", "user"),
    ],
)
def test_sort_names_resolve_case_insensitively(name, key):
    assert resolve_sort_name(name) == key


@pytest.mark.parametrize("name", ["", "cpu%%", "bogus", "PERCENT"])
def test_unknown_sort_names_resolve_to_none(name):
    assert resolve_sort_name(name) is None


def test_every_listed_sort_name_resolves():
    assert all(resolve_sort_name(name) is not None for name in sort_names())


def test_only_what_changed_is_written_over_the_saved_settings():
    saved = Settings(sort_key="mem", tree=False)
    started = Settings(sort_key="pid", reverse=False, tree=False)  # `-s PID` for this run
    now = Settings(sort_key="pid", reverse=False, tree=True)  # the user pressed t
    merged = with_changes(saved, started, now)
    assert merged.tree is True
    assert merged.sort_key == "mem"  # the command line's one-run choice is not saved
    assert with_changes(saved, now, now) is saved
