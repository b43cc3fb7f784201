"""Provides Settings: what ptop remembers between runs, and its TOML text read and written.

Pure logic only (stdlib): reading and writing the file lives in ptop.settings_file.
The file is flat, like htoprc: one `key = value` line per setting. Unknown keys are
ignored; a value of the wrong type or out of range falls back to its default and is
named in the one warning line.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, fields, replace

from ptop.model.columns import PROCESS_COLUMNS
from ptop.model.refresh import MAX_INTERVAL_S, MIN_INTERVAL_S

INTERVAL_MIN_S = MIN_INTERVAL_S
"""htop's floor: refreshing faster costs a core and shows nothing more."""
INTERVAL_MAX_S = MAX_INTERVAL_S
LANGUAGE_CODES = ("en", "zh")
ALWAYS_SHOWN_COLUMNS = frozenset({"command"})
"""Columns the setup screen cannot hide: a row without its command says nothing."""

_HTOP_SORT_NAMES = {
    "percent_cpu": "cpu",
    "percent_mem": "mem",
    "m_resident": "rss",
    "rss": "rss",
    "res": "rss",
    "st": "status",
    "state": "status",
    "nlwp": "threads",
    "time": "time",
    "comm": "command",
    "cmd": "command",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything ptop keeps across runs; the defaults are what a fresh install shows."""

    sort_key: str = "cpu"
    reverse: bool = True
    """True: biggest first (descending)."""
    tree: bool = False
    interval_s: float = 1.0
    theme: str = "textual-dark"
    lang: str | None = None
    """'en' or 'zh'; None follows the locale."""
    scenario_column: bool = True
    """Whether the scenario column shows (when the terminal is wide enough)."""
    hidden_columns: frozenset[str] = frozenset()
    """Keys of process-table columns not shown."""


SETTING_NAMES = tuple(f.name for f in fields(Settings))


def column_keys() -> tuple[str, ...]:
    """Keys of the process table's columns, in display order."""
    return tuple(column.key for column in PROCESS_COLUMNS)


def sort_names() -> tuple[str, ...]:
    """The column titles accepted by `--sort`, in display order."""
    return tuple(column.title for column in PROCESS_COLUMNS)


def resolve_sort_name(name: str) -> str | None:
    """The column key for a sort name: a title (CPU%), a key (cpu) or an htop name.

    Case does not matter; None when nothing matches.
    """
    wanted = name.strip().lower()
    for column in PROCESS_COLUMNS:
        if wanted in (column.title.lower(), column.key):
            return column.key
    return _HTOP_SORT_NAMES.get(wanted)


def _check(name: str, value: object) -> object:
    """Return the value a setting takes from a TOML value; raise ValueError when invalid."""
    if name == "sort_key":
        key = resolve_sort_name(value) if isinstance(value, str) else None
        if key is None:
            raise ValueError
        return key
    if name in ("reverse", "tree", "scenario_column"):
        if not isinstance(value, bool):
            raise ValueError
        return value
    if name == "interval_s":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError
        number = float(value)
        if not math.isfinite(number) or not INTERVAL_MIN_S <= number <= INTERVAL_MAX_S:
            raise ValueError
        return number
    if name == "theme":
        if not isinstance(value, str) or not value.strip():
            raise ValueError
        return value.strip()
    if name == "lang":
        if value not in LANGUAGE_CODES:
            raise ValueError
        return value
    if name == "hidden_columns":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError
        known = set(column_keys()) - ALWAYS_SHOWN_COLUMNS
        return frozenset(v for v in value if v in known)
    raise ValueError  # pragma: no cover - callers pass only SETTING_NAMES


def parse_settings(text: str) -> tuple[Settings, str | None]:
    """Settings from the file's text, and a warning (None when all was well).

    Never raises: a file that is not TOML gives the defaults; a setting with a wrong
    value keeps its default; unknown keys are ignored.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), f"not valid TOML ({error}); using the defaults"
    values: dict[str, object] = {}
    bad: list[str] = []
    for name in SETTING_NAMES:
        if name not in data:
            continue
        try:
            values[name] = _check(name, data[name])
        except ValueError:
            bad.append(name)
    settings = replace(Settings(), **values)  # type: ignore[arg-type]
    if bad:
        return settings, "wrong value for " + ", ".join(bad) + "; using the default"
    return settings, None


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'
    if isinstance(value, frozenset):
        order = column_keys()
        items = sorted(value, key=lambda v: order.index(v) if v in order else len(order))
        return "[" + ", ".join(_toml_value(v) for v in items) + "]"
    raise TypeError(type(value))  # pragma: no cover


def format_settings(settings: Settings) -> str:
    """The file's text for these settings (a language of None is left out)."""
    lines = ["# ptop settings: written by ptop's setup screen (F2); safe to edit or delete."]
    for name in SETTING_NAMES:
        value = getattr(settings, name)
        if value is not None:
            lines.append(f"{name} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def changed_names(before: Settings, after: Settings) -> tuple[str, ...]:
    """Names of the settings that differ."""
    return tuple(n for n in SETTING_NAMES if getattr(before, n) != getattr(after, n))


def with_changes(base: Settings, before: Settings, after: Settings) -> Settings:
    """base with only what changed from before to after.

    The file keeps what the user set in earlier runs: a command-line option that
    differs from it for one run is not written unless the user changes it again.
    """
    changes = {n: getattr(after, n) for n in changed_names(before, after)}
    return replace(base, **changes) if changes else base
