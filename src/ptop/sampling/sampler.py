"""Provides SystemSampler: one Snapshot of the whole machine per call, made off the event loop."""

from __future__ import annotations

import os
import pwd
import sys
import time
from collections.abc import Collection
from dataclasses import dataclass
from types import ModuleType

from ptop.model.printable import printable
from ptop.model.rates import core_busy_percent, cpu_percent
from ptop.model.snapshot import (
    CpuSample,
    MemorySample,
    ProcessKey,
    ProcessSample,
    Snapshot,
    ThreadSample,
)
from ptop.sampling import procfs

CLOCK_TICKS = procfs.CLOCK_TICKS
PAGE_SIZE = procfs.PAGE_SIZE


@dataclass(slots=True)
class _Static:
    """What does not change while a process lives (read once per (pid, start time))."""

    create_time: float
    name: str
    cmdline: tuple[str, ...]
    username: str | None


@dataclass(slots=True)
class _Seen:
    """A process as read at the previous tick: its raw stat line and the sample made of it.

    An idle process's stat line is byte-for-byte the same from one tick to the next, so
    the previous sample is reused as is: no parsing, no new object, and the UI can tell
    from the identity alone that the row did not change.
    """

    raw: bytes
    start_ticks: int
    cpu_time_s: float
    static: _Static
    sample: ProcessSample


@dataclass(slots=True)
class _SeenThread:
    """A thread as read at its last tick; `sched` is its schedstat line (run time first)."""

    sched: bytes | None
    start_ticks: int
    cpu_time_s: float
    tick: int
    sample: ThreadSample


def _with_cpu(sample: ProcessSample, value: float | None) -> ProcessSample:
    return ProcessSample(
        pid=sample.pid,
        ppid=sample.ppid,
        create_time=sample.create_time,
        name=sample.name,
        cmdline=sample.cmdline,
        username=sample.username,
        status=sample.status,
        nice=sample.nice,
        num_threads=sample.num_threads,
        cpu_percent=value,
        memory_percent=sample.memory_percent,
        rss_bytes=sample.rss_bytes,
        cpu_time_s=sample.cpu_time_s,
    )


def _thread_with_cpu(sample: ThreadSample, value: float | None) -> ThreadSample:
    return ThreadSample(
        tid=sample.tid,
        name=sample.name,
        status=sample.status,
        cpu_percent=value,
        user_time_s=sample.user_time_s,
        system_time_s=sample.system_time_s,
        last_cpu=sample.last_cpu,
        voluntary_ctx_switches=sample.voluntary_ctx_switches,
        involuntary_ctx_switches=sample.involuntary_ctx_switches,
    )


class SystemSampler:
    """Samples processes, threads, CPU and memory; keeps the previous tick for rates.

    On Linux everything per tick comes from /proc directly (see procfs), through
    descriptors kept open between ticks; a process whose stat line has not changed
    since the previous tick costs one read and a bytes comparison. Static fields
    (command line, user, create time) are read once per (pid, start time). Threads are
    read only for the pids asked for in detail, and a thread whose schedstat (its run
    time) has not moved is not read further. Elsewhere psutil does the work.
    Not thread-safe: one sampler belongs to one sampling thread.
    """

    def __init__(self, *, use_procfs: bool | None = None) -> None:
        self._use_procfs = procfs.is_available() if use_procfs is None else use_procfs
        boot = procfs.boot_time_s() if self._use_procfs else None
        self._boot_time = boot if boot is not None else _psutil().boot_time()
        self._files = procfs.ProcFiles() if self._use_procfs else None
        self._schedstat = self._use_procfs and os.path.exists(f"{procfs.PROC}/self/schedstat")
        self._seen: dict[int, _Seen] = {}
        self._seen_threads: dict[tuple[int, int], _SeenThread] = {}
        self._cmdlines: dict[bytes, tuple[str, ...]] = {}
        self._total_memory = 0
        self._tick = 0
        self._prev_cpu: dict[ProcessKey, float] = {}
        self._prev_thread_cpu: dict[tuple[int, int], float] = {}
        self._prev_cores: list[tuple[float, float]] | None = None
        self._prev_at: float | None = None
        self._users: dict[int, str | None] = {}
        self._self_pid = os.getpid()

    def close(self) -> None:
        """Close the /proc descriptors kept between ticks (also done when collected)."""
        if self._files is not None:
            self._files.close()

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        """Take one snapshot.

        Args:
            detail_pids: processes whose threads should be read this tick.
        """
        now = time.monotonic()
        elapsed = None if self._prev_at is None else now - self._prev_at
        self._tick += 1
        memory = self._memory()
        if self._use_procfs:
            processes = self._processes_procfs(elapsed, memory.total_bytes)
            threads = {pid: self._threads_procfs(pid, elapsed) for pid in detail_pids}
            self._seen_threads = {
                key: seen for key, seen in self._seen_threads.items() if seen.tick == self._tick
            }
            assert self._files is not None
            self._files.sweep()
        else:
            processes = self._processes_psutil(elapsed, memory.total_bytes)
            threads = {pid: self._threads_psutil(pid, elapsed) for pid in detail_pids}
        self._prev_at = now
        return Snapshot(
            taken_at_monotonic=now,
            interval_s=elapsed,
            processes=tuple(processes),
            cpu=self._cpu(),
            memory=memory,
            uptime_s=max(0.0, time.time() - self._boot_time),
            self_pid=self._self_pid,
            threads={pid: rows for pid, rows in threads.items() if rows is not None},
        )

    # -- processes -------------------------------------------------------------------

    def _processes_procfs(self, elapsed: float | None, total_memory: int) -> list[ProcessSample]:
        if total_memory != self._total_memory:  # memory_percent of every cached sample is off
            self._total_memory = total_memory
            self._seen = {}
        read = self._files.read  # type: ignore[union-attr]
        seen = self._seen
        now_seen: dict[int, _Seen] = {}
        processes: list[ProcessSample] = []
        append = processes.append
        # CPU % of a process whose counters did not move: 0.0, or unknown on the first tick.
        still = cpu_percent(0.0, 0.0, elapsed)
        for pid in procfs.list_pids():
            raw = read(f"/proc/{pid}/stat")
            if raw is None:  # exited between listdir and read: normal
                continue
            old = seen.get(pid)
            if old is not None and old.raw == raw:
                if old.sample.cpu_percent != still:
                    old.sample = _with_cpu(old.sample, still)
                now_seen[pid] = old
                append(old.sample)
                continue
            entry = self._parse(pid, raw, old, elapsed, total_memory)
            if entry is not None:
                now_seen[pid] = entry
                append(entry.sample)
        self._seen = now_seen
        return processes

    def _parse(
        self, pid: int, raw: bytes, old: _Seen | None, elapsed: float | None, total_memory: int
    ) -> _Seen | None:
        """Make a sample of a stat line that changed (or is new)."""
        try:
            close = raw.rindex(b")")
            name = printable(raw[raw.index(b"(") + 1 : close].decode("utf-8", "replace"))
            fields = raw[close + 2 :].split()
            start_ticks = int(fields[19])
            cpu_s = int(fields[11]) / CLOCK_TICKS + int(fields[12]) / CLOCK_TICKS
            rss = int(fields[21]) * PAGE_SIZE
            ppid, nice, num_threads = int(fields[1]), int(fields[16]), int(fields[17])
            status = fields[0].decode("ascii", "replace")
        except (ValueError, IndexError):
            return None
        # The same process as last tick (not a new one that got the pid): keep what it had.
        kept = old if old is not None and old.start_ticks == start_ticks else None
        if kept is not None and kept.static.name == name:
            static = kept.static
        else:
            # New process, or it called exec() (same pid and start, new name).
            static = self._read_static(
                pid, start_ticks, name, kept.static if kept is not None else None
            )
        sample = ProcessSample(
            pid=pid,
            ppid=ppid,
            create_time=static.create_time,
            name=name,
            cmdline=static.cmdline,
            username=static.username,
            status=status,
            nice=nice,
            num_threads=num_threads,
            cpu_percent=cpu_percent(kept.cpu_time_s if kept is not None else None, cpu_s, elapsed),
            memory_percent=rss / total_memory * 100 if total_memory else None,
            rss_bytes=rss,
            cpu_time_s=cpu_s,
        )
        return _Seen(raw, start_ticks, cpu_s, static, sample)

    def _read_static(self, pid: int, start_ticks: int, name: str, old: _Static | None) -> _Static:
        create_time = (
            old.create_time
            if old is not None
            else round(self._boot_time + start_ticks / CLOCK_TICKS, 2)
        )
        uid = procfs.read_uid(pid)
        return _Static(
            create_time=create_time,
            name=name,
            cmdline=self._cmdline(pid),
            username=None if uid is None else self._username(uid),
        )

    def _cmdline(self, pid: int) -> tuple[str, ...]:
        """The command line, shared with every live process that has the same one.

        Workers forked from one parent (a pool, a server, a lesson's children) mostly
        have identical command lines; one tuple of strings serves them all.
        """
        raw = procfs.read_cmdline_bytes(pid)
        cmdline = self._cmdlines.get(raw)
        if cmdline is None:
            if len(self._cmdlines) > 2 * len(self._seen) + 256:
                self._cmdlines = {}  # forget the command lines of processes long gone
            cmdline = self._cmdlines[raw] = procfs.split_cmdline(raw)
        return cmdline

    def _username(self, uid: int) -> str | None:
        if uid not in self._users:
            try:
                self._users[uid] = printable(pwd.getpwuid(uid).pw_name)
            except KeyError:
                self._users[uid] = str(uid)
        return self._users[uid]

    def _processes_psutil(self, elapsed: float | None, total_memory: int) -> list[ProcessSample]:
        from ptop.model.units import status_letter

        attrs = [
            "pid",
            "ppid",
            "name",
            "status",
            "nice",
            "num_threads",
            "cpu_times",
            "memory_info",
            "create_time",
            "username",
            "cmdline",
        ]
        processes: list[ProcessSample] = []
        current_cpu: dict[ProcessKey, float] = {}
        for proc in _psutil().process_iter(attrs, ad_value=None):
            info = proc.info
            if info.get("create_time") is None:
                continue
            times = info.get("cpu_times")
            cpu_s = None if times is None else times.user + times.system
            key = (info["pid"], info["create_time"])
            if cpu_s is not None:
                current_cpu[key] = cpu_s
            mem = info.get("memory_info")
            rss = None if mem is None else mem.rss
            processes.append(
                ProcessSample(
                    pid=info["pid"],
                    ppid=info.get("ppid") or 0,
                    create_time=info["create_time"],
                    name=printable(info.get("name") or "?"),
                    cmdline=tuple(printable(part) for part in info.get("cmdline") or ()),
                    username=printable(info["username"]) if info.get("username") else None,
                    status=status_letter(info.get("status") or "?"),
                    nice=info.get("nice"),
                    num_threads=info.get("num_threads"),
                    cpu_percent=cpu_percent(self._prev_cpu.get(key), cpu_s, elapsed),
                    memory_percent=rss / total_memory * 100 if rss and total_memory else None,
                    rss_bytes=rss,
                    cpu_time_s=cpu_s,
                )
            )
        self._prev_cpu = current_cpu
        return processes

    # -- threads ---------------------------------------------------------------------

    def _threads_procfs(self, pid: int, elapsed: float | None) -> tuple[ThreadSample, ...] | None:
        tids = procfs.list_tids(pid)
        if not tids:
            return None
        read = self._files.read  # type: ignore[union-attr]
        seen = self._seen_threads
        tick = self._tick
        still = cpu_percent(0.0, 0.0, elapsed)
        rows: list[ThreadSample] = []
        for tid in sorted(tids):
            key = (pid, tid)
            task = f"/proc/{pid}/task/{tid}/"
            old = seen.get(key)
            sched = read(task + "schedstat") if self._schedstat else None
            if old is not None and sched is not None and old.sched == sched:
                # It has not run since it was read: nothing about it can have changed.
                if old.sample.cpu_percent != still:
                    old.sample = _thread_with_cpu(old.sample, still)
                old.tick = tick
                rows.append(old.sample)
                continue
            raw = read(task + "stat")
            if raw is None:
                continue
            try:
                stat = procfs.parse_stat(raw)
            except (ValueError, IndexError):
                continue
            voluntary, involuntary = procfs.read_ctx_switches(pid, tid)
            previous = None
            if old is not None and old.start_ticks == stat.start_ticks and old.tick == tick - 1:
                previous = old.cpu_time_s
            sample = ThreadSample(
                tid=tid,
                name=stat.name,
                status=stat.state,
                cpu_percent=cpu_percent(previous, stat.cpu_time_s, elapsed),
                user_time_s=stat.user_time_s,
                system_time_s=stat.system_time_s,
                last_cpu=stat.processor,
                voluntary_ctx_switches=voluntary,
                involuntary_ctx_switches=involuntary,
            )
            seen[key] = _SeenThread(sched, stat.start_ticks, stat.cpu_time_s, tick, sample)
            rows.append(sample)
        return tuple(rows)

    def _threads_psutil(self, pid: int, elapsed: float | None) -> tuple[ThreadSample, ...] | None:
        psutil = _psutil()
        try:
            threads = psutil.Process(pid).threads()
        except psutil.Error:
            return None
        rows = []
        for thread in threads:
            key = (pid, thread.id)
            cpu_s = thread.user_time + thread.system_time
            rows.append(
                ThreadSample(
                    tid=thread.id,
                    name="?",
                    status=None,
                    cpu_percent=cpu_percent(self._prev_thread_cpu.get(key), cpu_s, elapsed),
                    user_time_s=thread.user_time,
                    system_time_s=thread.system_time,
                    last_cpu=None,
                    voluntary_ctx_switches=None,
                    involuntary_ctx_switches=None,
                )
            )
            self._prev_thread_cpu[key] = cpu_s
        return tuple(rows)

    # -- machine ---------------------------------------------------------------------

    def _cpu(self) -> CpuSample:
        cores: list[tuple[float, float]]
        if self._use_procfs:
            cores = [(float(busy), float(total)) for busy, total in procfs.read_cpu_ticks()]
        else:
            cores = []
            for times in _psutil().cpu_times(percpu=True):
                idle = times.idle + getattr(times, "iowait", 0.0)
                total = sum(times)
                # guest time is already counted in user on Linux
                total -= getattr(times, "guest", 0.0) + getattr(times, "guest_nice", 0.0)
                cores.append((total - idle, total))
        previous = self._prev_cores
        if previous is None or len(previous) != len(cores):
            per_core: tuple[float | None, ...] = tuple(None for _ in cores)
        else:
            per_core = tuple(core_busy_percent(p, c) for p, c in zip(previous, cores, strict=True))
        self._prev_cores = cores
        known = [value for value in per_core if value is not None]
        total_percent = sum(known) / len(known) if known else None
        try:
            load = os.getloadavg()
        except OSError:
            load = None
        return CpuSample(per_core, total_percent, load)

    def _memory(self) -> MemorySample:
        if self._use_procfs:
            info = procfs.read_meminfo()
            total = info.get(b"MemTotal", 0)
            available = info.get(b"MemAvailable")
            if available is None:  # kernels before 3.14
                available = (
                    info.get(b"MemFree", 0) + info.get(b"Buffers", 0) + info.get(b"Cached", 0)
                )
            swap_total = info.get(b"SwapTotal", 0)
            return MemorySample(
                total_bytes=total,
                used_bytes=total - available,
                available_bytes=available,
                swap_total_bytes=swap_total,
                swap_used_bytes=swap_total - info.get(b"SwapFree", swap_total),
            )
        psutil = _psutil()
        virtual = psutil.virtual_memory()
        swap = psutil.swap_memory()
        return MemorySample(
            total_bytes=virtual.total,
            used_bytes=virtual.total - virtual.available,
            available_bytes=virtual.available,
            swap_total_bytes=swap.total,
            swap_used_bytes=swap.used,
        )


def _psutil() -> ModuleType:
    """psutil, imported on first use: the Linux path never needs it (import time and memory)."""
    import psutil

    return psutil


def platform_note() -> str | None:
    """Return a one-line note when this platform shows less than Linux does."""
    if sys.platform.startswith("linux"):
        return None
    return f"{sys.platform}: thread names, states, cores and context switches need Linux /proc"
