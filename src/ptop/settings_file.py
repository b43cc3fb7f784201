"""Provides SettingsFile: where ptop.toml lives, reading it without ever failing, saving atomically.

The path is `$PTOP_CONFIG` when set, else `ptop.toml` in the user's config directory
(platformdirs: `$XDG_CONFIG_HOME/ptop`, by default `~/.config/ptop`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ptop.model.settings import Settings, format_settings, parse_settings

MAX_BYTES = 64 * 1024
"""A settings file is a few hundred bytes; anything bigger is not one."""


def default_path() -> Path:
    """Where the settings file is read from and written to."""
    override = os.environ.get("PTOP_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("ptop", appauthor=False)) / "ptop.toml"


class SettingsFile:
    """One settings file: load() once at start, save() whenever a setting changes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = default_path() if path is None else path
        self.save_error: str | None = None
        """Why the last save failed (None when it worked)."""

    def load(self) -> tuple[Settings, str | None]:
        """The settings, and a one-line warning when the file could not be used.

        A missing file is no warning: it means the defaults.
        """
        try:
            with self.path.open("rb") as stream:
                raw = stream.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return Settings(), None
        except OSError as error:
            return Settings(), self._warning(f"{error.strerror or error}; using the defaults")
        if len(raw) > MAX_BYTES:
            return Settings(), self._warning("too big to be a settings file; using the defaults")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return Settings(), self._warning("not UTF-8 text; using the defaults")
        settings, problem = parse_settings(text)
        return settings, None if problem is None else self._warning(problem)

    def _warning(self, problem: str) -> str:
        return f"settings file {self.path}: {problem}"

    def save(self, settings: Settings) -> bool:
        """Write the settings (a temporary file, then rename): False when it failed."""
        temp_name = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(prefix=".ptop-", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                stream.write(format_settings(settings))
            os.replace(temp_name, self.path)
            temp_name = None
        except OSError as error:
            self.save_error = f"could not save settings to {self.path}: {error.strerror or error}"
            return False
        finally:
            if temp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp_name)
        self.save_error = None
        return True
