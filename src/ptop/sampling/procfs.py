"""Provides fast readers of Linux /proc files for the per-tick hot path.

Reading /proc/PID/stat with os.open/os.read and splitting it costs about 12 µs per
process in plain Python, against about 200 µs for psutil.process_iter with the
attributes ptop shows (measured on the 2-core CI machine; see benchmarks/). So the
per-tick path reads /proc itself, and psutil does what is called rarely.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

CLOCK_TICKS: int = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE_SIZE: int = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
PROC = "/proc"


@dataclass(frozen=True, slots=True)
class ProcStat:
    """The fields of /proc/PID/stat (or /proc/PID/task/TID/stat) that ptop uses."""

    name: str
    state: str
    ppid: int
    cpu_time_s: float
    user_time_s: float
    system_time_s: float
    nice: int
    num_threads: int
    start_ticks: int
    """Start time in clock ticks since boot: with the pid, a stable identity."""
    rss_bytes: int
    processor: int | None
    """Field 39: the core this task last ran on."""


def _read(path: str, size: int = 4096) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def parse_stat(data: bytes) -> ProcStat:
    """Parse the text of a stat file.

    The name sits in parentheses and may itself contain spaces and ')', so the
    fields are split after the last ')'. After it, index 0 is field 3 (state).
    """
    open_paren = data.find(b"(")
    close_paren = data.rfind(b")")
    name = data[open_paren + 1 : close_paren].decode("utf-8", "replace")
    fields = data[close_paren + 2 :].split()
    utime = int(fields[11]) / CLOCK_TICKS
    stime = int(fields[12]) / CLOCK_TICKS
    processor = int(fields[36]) if len(fields) > 36 else None
    return ProcStat(
        name=name,
        state=fields[0].decode("ascii", "replace"),
        ppid=int(fields[1]),
        cpu_time_s=utime + stime,
        user_time_s=utime,
        system_time_s=stime,
        nice=int(fields[16]),
        num_threads=int(fields[17]),
        start_ticks=int(fields[19]),
        rss_bytes=int(fields[21]) * PAGE_SIZE,
        processor=processor,
    )


def read_stat(pid: int, tid: int | None = None) -> ProcStat | None:
    """Read a process's (or one of its threads') stat; None if it is gone or unreadable."""
    path = f"{PROC}/{pid}/stat" if tid is None else f"{PROC}/{pid}/task/{tid}/stat"
    try:
        return parse_stat(_read(path))
    except (OSError, ValueError, IndexError):
        return None


def list_pids() -> list[int]:
    """Return the pids in /proc right now."""
    return [int(entry) for entry in os.listdir(PROC) if entry.isdigit()]


def list_tids(pid: int) -> list[int]:
    """Return the thread ids of a process; empty if it is gone or unreadable."""
    try:
        return [int(entry) for entry in os.listdir(f"{PROC}/{pid}/task") if entry.isdigit()]
    except OSError:
        return []


def read_cmdline(pid: int) -> tuple[str, ...]:
    """Return a process's arguments; empty for kernel threads, zombies or no access."""
    try:
        data = _read(f"{PROC}/{pid}/cmdline", 65536)
    except OSError:
        return ()
    if not data:
        return ()
    return tuple(part.decode("utf-8", "replace") for part in data.rstrip(b"\0").split(b"\0"))


def read_uid(pid: int) -> int | None:
    """Return the owner uid of a process; None when it is gone."""
    try:
        return os.stat(f"{PROC}/{pid}").st_uid
    except OSError:
        return None


def read_ctx_switches(pid: int, tid: int) -> tuple[int | None, int | None]:
    """Return a thread's (voluntary, involuntary) context switches from its status file.

    psutil's num_ctx_switches() reads /proc/PID/status, which covers the main thread
    only, so per-thread numbers must come from each task's own status file.
    """
    try:
        data = _read(f"{PROC}/{pid}/task/{tid}/status", 8192)
    except OSError:
        return (None, None)
    return (
        _field(data, b"\nvoluntary_ctxt_switches:"),
        _field(data, b"nonvoluntary_ctxt_switches:"),
    )


def _field(data: bytes, label: bytes) -> int | None:
    start = data.find(label)
    if start < 0:
        return None
    start += len(label)
    end = data.find(b"\n", start)
    try:
        return int(data[start : end if end >= 0 else None])
    except ValueError:
        return None


def boot_time_s() -> float | None:
    """Return the boot time in epoch seconds from /proc/stat's btime line."""
    try:
        data = _read(f"{PROC}/stat", 1 << 20)
    except OSError:
        return None
    value = _field(data, b"\nbtime ")
    return None if value is None else float(value)


def is_available() -> bool:
    """Return whether this machine has a Linux-style /proc to read."""
    return os.path.exists(f"{PROC}/self/stat")
