"""SettingsFile: the real file on disk, in a temporary config directory only."""

from __future__ import annotations

import os
from pathlib import Path

from ptop.model.settings import Settings
from ptop.settings_file import SettingsFile, default_path


def test_the_test_suite_never_touches_the_real_config(tmp_path):
    real = Path.home() / ".config"
    assert not default_path().is_relative_to(real)
    assert default_path().is_relative_to(Path(os.environ["XDG_CONFIG_HOME"]))


def test_the_file_lives_in_xdg_config_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_path() == tmp_path / "ptop" / "ptop.toml"


def test_ptop_config_names_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("PTOP_CONFIG", str(tmp_path / "mine.toml"))
    assert SettingsFile().path == tmp_path / "mine.toml"


def test_a_missing_file_is_the_defaults_without_warning(tmp_path):
    assert SettingsFile(tmp_path / "none" / "ptop.toml").load() == (Settings(), None)


def test_saved_settings_load_back_and_no_temporary_file_stays(tmp_path):
    path = tmp_path / "new" / "dir" / "ptop.toml"
    file = SettingsFile(path)
    settings = Settings(sort_key="pid", tree=True, hidden_columns=frozenset({"nice"}))
    assert file.save(settings)
    assert file.load() == (settings, None)
    assert [p.name for p in path.parent.iterdir()] == ["ptop.toml"]


def test_saving_replaces_the_file_whole(tmp_path):
    path = tmp_path / "ptop.toml"
    path.write_text("tree = true\n" + "# padding\n" * 500)
    file = SettingsFile(path)
    assert file.save(Settings(tree=False))
    assert "padding" not in path.read_text()
    assert file.load() == (Settings(), None)


def test_an_unreadable_file_is_one_warning_line_and_defaults(tmp_path):
    path = tmp_path / "ptop.toml"
    path.mkdir()  # reading a directory fails like an unreadable file
    settings, warning = SettingsFile(path).load()
    assert settings == Settings()
    assert warning is not None
    assert "\n" not in warning
    assert str(path) in warning


def test_a_binary_or_huge_file_is_one_warning_and_defaults(tmp_path):
    path = tmp_path / "ptop.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    settings, warning = SettingsFile(path).load()
    assert settings == Settings()
    assert "UTF-8" in (warning or "")
    path.write_text("# x\n" * 100_000)
    settings, warning = SettingsFile(path).load()
    assert settings == Settings()
    assert "too big" in (warning or "")


def test_a_corrupt_file_is_one_warning_naming_the_file(tmp_path):
    path = tmp_path / "ptop.toml"
    path.write_text('sort_key = "pid\n')
    settings, warning = SettingsFile(path).load()
    assert settings == Settings()
    assert warning is not None
    assert str(path) in warning
    assert "\n" not in warning


def test_a_failed_save_says_why_and_does_not_raise(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    file = SettingsFile(blocker / "ptop.toml")  # its directory cannot exist
    assert file.save(Settings()) is False
    assert file.save_error is not None
    assert "could not save" in file.save_error
