"""Provides fast readers of Linux /proc files for the per-tick hot path.

Reading /proc/PID/stat with os.open/os.read/os.close costs about 12 µs per process in
plain Python, against about 130-200 µs for psutil.process_iter with the attributes ptop
shows (measured on the 2-core CI machine; see benchmarks/). Re-reading a descriptor kept
open from the previous tick (os.pread at offset 0) costs about 5 µs: the kernel formats
the file afresh on every read, and once the process is gone the descriptor fails with
ESRCH, even if its pid has been reused. ProcFiles keeps such descriptors.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from dataclasses import dataclass

from ptop.model.printable import printable

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
    name = printable(data[open_paren + 1 : close_paren].decode("utf-8", "replace"))
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


def list_pids() -> list[int]:
    """Return the pids in /proc right now."""
    return [int(entry) for entry in os.listdir(PROC) if entry.isdigit()]


def list_tids(pid: int) -> list[int]:
    """Return the thread ids of a process; empty if it is gone or unreadable."""
    try:
        return [int(entry) for entry in os.listdir(f"{PROC}/{pid}/task") if entry.isdigit()]
    except OSError:
        return []


def read_cmdline_bytes(pid: int) -> bytes:
    """Return a process's raw command line (NUL-separated); empty when there is none."""
    try:
        return _read(f"{PROC}/{pid}/cmdline", 65536)
    except OSError:
        return b""


def split_cmdline(data: bytes) -> tuple[str, ...]:
    """Split a raw command line into its arguments, each made printable."""
    if not data:
        return ()
    return tuple(
        printable(part.decode("utf-8", "replace")) for part in data.rstrip(b"\0").split(b"\0")
    )


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


def read_meminfo() -> dict[bytes, int]:
    """Return /proc/meminfo as {label: bytes} (the kB values times 1024)."""
    data = _read(f"{PROC}/meminfo", 16384)
    out = {}
    for line in data.splitlines():
        label, _, rest = line.partition(b":")
        parts = rest.split()
        if parts:
            out[label] = int(parts[0]) * 1024 if len(parts) > 1 else int(parts[0])
    return out


def read_cpu_ticks() -> list[tuple[int, int]]:
    """Return each core's (busy, total) clock ticks from /proc/stat, in core order.

    Idle counts idle + iowait; guest time is left out of the total because the kernel
    already counts it in user time (the same sum psutil's cpu_times gives).
    """
    data = _read(f"{PROC}/stat", 1 << 20)
    cores: list[tuple[int, int]] = []
    for line in data.splitlines():
        if not line.startswith(b"cpu") or line.startswith(b"cpu "):
            if cores:
                break
            continue
        values = [int(v) for v in line.split()[1:]]
        values += [0] * (10 - len(values))
        idle = values[3] + values[4]
        total = sum(values[:8])  # user nice system idle iowait irq softirq steal
        cores.append((total - idle, total))
    return cores


class ProcFiles:
    """Reads small /proc files through descriptors kept open between ticks.

    Keeping /proc/PID/stat open saves the path lookup of open() and the close() on every
    tick. Descriptors are moved to numbers >= FD_FLOOR (fcntl F_DUPFD_CLOEXEC), so code
    elsewhere in the process that uses select() (limited to descriptors < 1024) never
    sees its new descriptors pushed past that limit by ours. At most `limit` are kept
    (by default what RLIMIT_NOFILE leaves above FD_FLOOR, minus a margin, capped at
    MAX_KEPT); past that, files are opened and closed as usual.
    """

    FD_FLOOR = 1024
    MARGIN = 256
    MAX_KEPT = 8192

    def __init__(self, limit: int | None = None) -> None:
        self._fds: dict[str, int] = {}
        self._touched: set[str] = set()
        self._limit = self._default_limit() if limit is None else limit

    @classmethod
    def _default_limit(cls) -> int:
        try:
            import resource

            soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        except (ImportError, OSError, ValueError):
            return 0
        if soft == resource.RLIM_INFINITY:
            return cls.MAX_KEPT
        return max(0, min(cls.MAX_KEPT, soft - cls.FD_FLOOR - cls.MARGIN))

    def __len__(self) -> int:
        return len(self._fds)

    def read(self, path: str, size: int = 4096) -> bytes | None:
        """Return the file's current content; None when it is gone or unreadable."""
        fd = self._fds.get(path)
        if fd is not None:
            try:
                data = os.pread(fd, size, 0)
            except OSError:
                data = b""
            if data:
                self._touched.add(path)
                return data
            # The process (or thread) is gone; its pid may already belong to a new one.
            del self._fds[path]
            os.close(fd)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            data = os.read(fd, size)
        except OSError:
            data = b""
        if data and len(self._fds) < self._limit:
            try:
                kept = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, self.FD_FLOOR)
            except OSError:
                self._limit = len(self._fds)  # no room up there: stop trying
            else:
                self._fds[path] = kept
                self._touched.add(path)
        os.close(fd)
        return data or None

    def sweep(self) -> None:
        """Close the descriptors not read since the last sweep (gone or no longer shown)."""
        touched = self._touched
        for path in [p for p in self._fds if p not in touched]:
            with contextlib.suppress(OSError):
                os.close(self._fds.pop(path))
        self._touched = set()

    def close(self) -> None:
        """Close every kept descriptor."""
        self._touched = set()
        self.sweep()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def is_available() -> bool:
    """Return whether this machine has a Linux-style /proc to read."""
    return os.path.exists(f"{PROC}/self/stat")
