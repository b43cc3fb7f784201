"""The command line's htop habits (-p -u -t -s -C) and how it combines them with ptop.toml."""

from __future__ import annotations

import subprocess
import sys
from typing import ClassVar

import pytest

from ptop.cli import _check_settings_options, _only_pids, _settings_for_run, build_parser
from ptop.model.settings import Settings
from ptop.settings_file import SettingsFile


def parse(*args: str):
    return build_parser().parse_args(list(args))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ptop", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-s", "bogus"], "unknown sort column 'bogus' (valid: PID, PPID, USER"),
        (["--sort", "load"], "CPU%, MEM%"),
        (["-u", "no-such-user-ptop"], "unknown user 'no-such-user-ptop'"),
        (["-u", "4000000000"], "unknown user"),
        (["-p", "12,abc"], "not a list of PIDs"),
        (["-p", ","], "not a list of PIDs"),
        (["-p", "-5"], "-p/--pid"),
    ],
)
def test_bad_htop_options_are_one_line_and_exit_2(args, needle):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert needle in result.stderr


@pytest.mark.parametrize("name", ["CPU%", "cpu%", "mem%", "PID", "TIME+", "PERCENT_CPU", "Command"])
def test_sort_names_are_accepted(name):
    assert _check_settings_options(parse("-s", name)) is None


def test_a_numeric_user_becomes_that_users_name():
    options = parse("-u", "0")
    assert _check_settings_options(options) is None
    assert options.user == "root"


def test_pid_lists_add_up():
    assert _only_pids(parse("-p", "1,2", "-p", "3")) == frozenset({1, 2, 3})
    assert _only_pids(parse()) is None


def write(settings: Settings) -> None:
    assert SettingsFile().save(settings)


def test_the_file_gives_the_settings_and_the_command_line_overrides_them():
    saved = Settings(sort_key="mem", reverse=True, tree=False, interval_s=2.0, lang="zh")
    write(saved)
    settings, file, from_file, warning = _settings_for_run(parse())
    assert (settings, from_file, warning) == (saved, saved, None)
    assert file is not None
    settings, _, from_file, _ = _settings_for_run(
        parse("-s", "PID", "-t", "-d", "0.5", "--lang", "en")
    )
    assert (settings.sort_key, settings.reverse, settings.tree) == ("pid", False, True)
    assert (settings.interval_s, settings.lang) == (0.5, "en")
    assert from_file == saved  # what a later change is merged into


def test_no_config_neither_reads_nor_writes():
    write(Settings(sort_key="mem"))
    settings, file, from_file, warning = _settings_for_run(parse("--no-config"))
    assert file is None
    assert settings == from_file == Settings()
    assert warning is None


def test_a_corrupt_file_is_one_warning_line_on_stderr(capsys):
    path = SettingsFile().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("tree = \n")
    settings, _, _, warning = _settings_for_run(parse())
    assert settings == Settings()
    err = capsys.readouterr().err
    assert err.startswith("ptop: warning: settings file ")
    assert err.count("\n") == 1
    assert warning is not None
    assert warning in err


class FakeApp:
    """Stands in for PtopApp: records what the command line built it with."""

    built: ClassVar[dict[str, object]] = {}

    def __init__(self, **kwargs: object) -> None:
        import os

        FakeApp.built = {**kwargs, "NO_COLOR": os.environ.get("NO_COLOR")}
        self.runner = self
        self.return_code = 0
        self.stopped_by_signal = None

    def run(self) -> None:
        pass

    def close(self) -> None:
        pass

    def wait_for_scenarios(self) -> None:
        pass


def test_htop_options_reach_the_app(monkeypatch):
    import gc
    import ssl  # main() blocks a first import of ssl; keep it importable for other tests

    import ptop.app
    import ptop.cli
    from ptop.cli import main

    assert ssl
    monkeypatch.setattr(ptop.app, "PtopApp", FakeApp)
    monkeypatch.setattr(ptop.cli, "_check_terminal", lambda: None)  # pytest has no terminal
    monkeypatch.setenv("NO_COLOR", "")  # so that teardown removes what main() sets
    monkeypatch.delenv("NO_COLOR")
    write(Settings(sort_key="mem", hidden_columns=frozenset({"nice"})))
    try:
        assert main(["-p", "1,2", "-u", "root", "-t", "-s", "time", "-C"]) == 0
    finally:
        gc.enable()
    built = FakeApp.built
    assert built["only_pids"] == frozenset({1, 2})
    assert built["only_user"] == "root"
    assert built["NO_COLOR"] == "1"  # Textual draws in monochrome
    settings = built["settings"]
    assert isinstance(settings, Settings)
    assert (settings.sort_key, settings.tree, settings.hidden_columns) == (
        "time",
        True,
        frozenset({"nice"}),
    )
    assert built["saved_settings"] == Settings(sort_key="mem", hidden_columns=frozenset({"nice"}))
    assert built["settings_file"] is not None


def test_a_served_session_neither_reads_nor_writes_the_settings(monkeypatch):
    import ptop.serve
    from ptop.cli import main

    calls: list[list[str]] = []
    monkeypatch.setattr(ptop.serve, "serve", lambda host, port, args: calls.append(args) or 0)
    assert main(["--serve"]) == 0
    assert main(["--serve", "-d", "2"]) == 0
    assert calls == [["--no-config"], ["--no-config", "--interval", "2.0"]]


def test_help_lists_every_sort_name():
    from ptop.cli import SORT_NAMES_HELP
    from ptop.model.settings import sort_names

    assert ", ".join(sort_names()) == SORT_NAMES_HELP
