"""Provides the one description of every table column: title, width, sort key, format and help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

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
    """One column of a table, described once for header, sorting, rendering and help."""

    key: str
    title: str
    width: int
    """Fixed width in cells; 0 means 'take the remaining width'."""
    help: str
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
        "Process ID.",
        lambda p: _num(p.pid),
        lambda p: str(p.pid),
        descending_first=False,
    ),
    Column(
        "ppid",
        "PPID",
        7,
        "Parent's process ID: who started this process.",
        lambda p: _num(p.ppid),
        lambda p: str(p.ppid),
        descending_first=False,
    ),
    Column(
        "user",
        "USER",
        9,
        "The user the process runs as.",
        lambda p: _text(p.username),
        lambda p: p.username or "-",
        align_right=False,
        descending_first=False,
    ),
    Column(
        "status",
        "S",
        1,
        "State: R running/runnable, S sleeping, D disk wait, Z zombie, T stopped, I idle.",
        lambda p: _text(p.status),
        lambda p: p.status,
        align_right=False,
        descending_first=False,
    ),
    Column(
        "nice",
        "NI",
        3,
        "Nice value: -20 (greedy) to 19 (polite).",
        lambda p: _num(p.nice),
        lambda p: format_count(p.nice),
    ),
    Column(
        "threads",
        "THR",
        4,
        "Number of threads (the process counts as one).",
        lambda p: _num(p.num_threads),
        lambda p: format_count(p.num_threads),
    ),
    Column(
        "cpu",
        "CPU%",
        6,
        "CPU over the last interval; 100 % is one full core, so a process whose threads "
        "run on several cores at once can exceed 100 %. '-' until measured twice.",
        lambda p: _num(p.cpu_percent),
        lambda p: format_percent(p.cpu_percent),
    ),
    Column(
        "mem",
        "MEM%",
        5,
        "Resident memory as a percent of physical memory.",
        lambda p: _num(p.memory_percent),
        lambda p: format_percent(p.memory_percent),
    ),
    Column(
        "rss",
        "RSS",
        6,
        "Resident set size: memory pages in RAM (shared pages count in every process).",
        lambda p: _num(p.rss_bytes),
        lambda p: format_bytes(p.rss_bytes),
    ),
    Column(
        "time",
        "TIME+",
        9,
        "CPU time used since start (user + system), M:SS.hh.",
        lambda p: _num(p.cpu_time_s),
        lambda p: format_cpu_time(p.cpu_time_s),
    ),
    Column(
        "command",
        "Command",
        0,
        "The program's name, or its full command line (toggle with c).",
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
        "Thread ID (a task ID; the main thread's TID is the PID).",
        lambda t: _num(t.tid),
        lambda t: str(t.tid),
        descending_first=False,
    ),
    Column(
        "name",
        "NAME",
        15,
        "The OS thread name from /proc/PID/task/TID/comm (15 bytes).",
        lambda t: _text(t.name),
        lambda t: t.name,
        align_right=False,
        descending_first=False,
    ),
    Column(
        "status",
        "S",
        1,
        "Thread state, same letters as for processes.",
        lambda t: _text(t.status),
        lambda t: t.status or "-",
        align_right=False,
        descending_first=False,
    ),
    Column(
        "cpu",
        "CPU%",
        6,
        "This thread's CPU over the last interval (at most 100 %).",
        lambda t: _num(t.cpu_percent),
        lambda t: format_percent(t.cpu_percent),
    ),
    Column(
        "utime",
        "USER",
        9,
        "CPU time spent running the program's own code.",
        lambda t: _num(t.user_time_s),
        lambda t: format_cpu_time(t.user_time_s),
    ),
    Column(
        "stime",
        "SYS",
        9,
        "CPU time spent in the kernel on the thread's behalf.",
        lambda t: _num(t.system_time_s),
        lambda t: format_cpu_time(t.system_time_s),
    ),
    Column(
        "core",
        "CORE",
        4,
        "The CPU core the thread last ran on.",
        lambda t: _num(t.last_cpu),
        lambda t: format_count(t.last_cpu),
    ),
    Column(
        "vcsw",
        "VCSW",
        8,
        "Voluntary context switches: the thread gave up the core (waited for I/O, a lock, "
        "sleep, or the GIL).",
        lambda t: _num(t.voluntary_ctx_switches),
        lambda t: format_count(t.voluntary_ctx_switches),
    ),
    Column(
        "ivcsw",
        "IVCSW",
        8,
        "Involuntary context switches: the kernel took the core away (time slice used up).",
        lambda t: _num(t.involuntary_ctx_switches),
        lambda t: format_count(t.involuntary_ctx_switches),
    ),
)
"""Columns of the thread table, in display order."""


def process_column(key: str) -> Column[ProcessSample]:
    """Return the process column with this key.

    Raises:
        KeyError: when no column has that key.
    """
    for column in PROCESS_COLUMNS:
        if column.key == key:
            return column
    raise KeyError(key)
