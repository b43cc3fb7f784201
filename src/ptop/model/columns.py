"""Provides the one description of every table column: title, width, sort key, format and help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ptop.model.i18n import TEXTS
from ptop.model.snapshot import ProcessSample, ThreadSample
from ptop.model.units import (
    format_bytes,
    format_count,
    format_cpu_time,
    format_percent,
)

RowT = TypeVar("RowT")
SortValue = tuple[int, float | str]


def _num(value: float | int | None) -> SortValue:
    """Sort key that puts unknown values below every known one."""
    return (0, 0.0) if value is None else (1, float(value))


def _text(value: str | None) -> SortValue:
    return (0, "") if value is None else (1, value.lower())


@dataclass(frozen=True, slots=True)
class Column(Generic[RowT]):
    """One column of a table, described once for header, sorting and rendering.

    What a column means, for the help screen, is ``column.<key>`` (process table) or
    ``tcolumn.<key>`` (thread table) in ``ptop.model.i18n``, in both languages.
    """

    key: str
    title: str
    width: int
    """Fixed width in cells; 0 means 'take the remaining width'."""
    sort_key: Callable[[RowT], SortValue]
    format: Callable[[RowT], str]
    align_right: bool = True
    descending_first: bool = True
    """Whether the first sort on this column puts the biggest values on top."""


PROCESS_COLUMNS: tuple[Column[ProcessSample], ...] = (
    Column(
        "pid",
        "PID",
        7,
        lambda p: _num(p.pid),
        lambda p: str(p.pid),
        descending_first=False,
    ),
    Column(
        "ppid",
        "PPID",
        7,
        lambda p: _num(p.ppid),
        lambda p: str(p.ppid),
        descending_first=False,
    ),
    Column(
        "user",
        "USER",
        9,
        lambda p: _text(p.username),
        lambda p: p.username or "-",
        align_right=False,
        descending_first=False,
    ),
    Column(
        "status",
        "S",
        1,
        lambda p: _text(p.status),
        lambda p: p.status,
        align_right=False,
        descending_first=False,
    ),
    Column(
        "nice",
        "NI",
        3,
        lambda p: _num(p.nice),
        lambda p: format_count(p.nice),
    ),
    Column(
        "threads",
        "THR",
        4,
        lambda p: _num(p.num_threads),
        lambda p: format_count(p.num_threads),
    ),
    Column(
        "cpu",
        "CPU%",
        6,
        lambda p: _num(p.cpu_percent),
        lambda p: format_percent(p.cpu_percent),
    ),
    Column(
        "mem",
        "MEM%",
        5,
        lambda p: _num(p.memory_percent),
        lambda p: format_percent(p.memory_percent),
    ),
    Column(
        "rss",
        "RSS",
        6,
        lambda p: _num(p.rss_bytes),
        lambda p: format_bytes(p.rss_bytes),
    ),
    Column(
        "time",
        "TIME+",
        9,
        lambda p: _num(p.cpu_time_s),
        lambda p: format_cpu_time(p.cpu_time_s),
    ),
    Column(
        "command",
        "Command",
        0,
        lambda p: _text(p.label),
        lambda p: p.label,
        align_right=False,
        descending_first=False,
    ),
)
"""Columns of the process table, in display order."""

THREAD_COLUMNS: tuple[Column[ThreadSample], ...] = (
    Column(
        "tid",
        "TID",
        7,
        lambda t: _num(t.tid),
        lambda t: str(t.tid),
        descending_first=False,
    ),
    Column(
        "name",
        "NAME",
        15,
        lambda t: _text(t.name),
        lambda t: t.name,
        align_right=False,
        descending_first=False,
    ),
    Column(
        "status",
        "S",
        1,
        lambda t: _text(t.status),
        lambda t: t.status or "-",
        align_right=False,
        descending_first=False,
    ),
    Column(
        "cpu",
        "CPU%",
        6,
        lambda t: _num(t.cpu_percent),
        lambda t: format_percent(t.cpu_percent),
    ),
    Column(
        "utime",
        "USER",
        9,
        lambda t: _num(t.user_time_s),
        lambda t: format_cpu_time(t.user_time_s),
    ),
    Column(
        "stime",
        "SYS",
        9,
        lambda t: _num(t.system_time_s),
        lambda t: format_cpu_time(t.system_time_s),
    ),
    Column(
        "core",
        "CORE",
        4,
        lambda t: _num(t.last_cpu),
        lambda t: format_count(t.last_cpu),
    ),
    Column(
        "vcsw",
        "VCSW",
        8,
        lambda t: _num(t.voluntary_ctx_switches),
        lambda t: format_count(t.voluntary_ctx_switches),
    ),
    Column(
        "ivcsw",
        "IVCSW",
        8,
        lambda t: _num(t.involuntary_ctx_switches),
        lambda t: format_count(t.involuntary_ctx_switches),
    ),
)
"""Columns of the thread table, in display order."""


def column_title(table: str, key: str, title: str, lang: str) -> str:
    """A column's title in lang: ``title.<table>.<key>`` where one is written, else title.

    Abbreviations (PID, CPU%, RSS) read the same in both languages; only the worded
    titles (Command, USER, NAME, CORE) have a translation.
    """
    return TEXTS[lang].get(f"title.{table}.{key}", title)


def process_column(key: str) -> Column[ProcessSample]:
    """Return the process column with this key.

    Raises:
        KeyError: when no column has that key.
    """
    for column in PROCESS_COLUMNS:
        if column.key == key:
            return column
    raise KeyError(key)
