"""Provides SystemSampler: one Snapshot of the whole machine per call, made off the event loop."""

from __future__ import annotations

import os
import pwd
import sys
import time
from collections.abc import Collection
from dataclasses import dataclass

import psutil

from ptop.model.rates import core_busy_percent, cpu_percent
from ptop.model.snapshot import (
    CpuSample,
    MemorySample,
    ProcessKey,
    ProcessSample,
    Snapshot,
    ThreadSample,
)
from ptop.model.units import status_letter
from ptop.sampling import procfs


@dataclass(slots=True)
class _Static:
    """What does not change while a process lives (cached per (pid, start time))."""

    create_time: float
    name: str
    cmdline: tuple[str, ...]
    username: str | None


class SystemSampler:
    """Samples processes, threads, CPU and memory; keeps the previous tick for rates.

    On Linux the per-process hot path reads /proc directly (see procfs); elsewhere it
    uses psutil.process_iter. Static fields (command line, user, create time) are read
    once per (pid, start time). Threads are read only for the pids asked for in detail.
    Not thread-safe: one sampler belongs to one sampling thread.
    """

    def __init__(self, *, use_procfs: bool | None = None) -> None:
        self._use_procfs = procfs.is_available() if use_procfs is None else use_procfs
        self._boot_time = psutil.boot_time()
        self._static: dict[tuple[int, int], _Static] = {}
        self._prev_cpu: dict[ProcessKey, float] = {}
        self._prev_thread_cpu: dict[tuple[int, int], float] = {}
        self._prev_cores: list[tuple[float, float]] | None = None
        self._prev_at: float | None = None
        self._users: dict[int, str | None] = {}
        self._self_pid = os.getpid()

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        """Take one snapshot.

        Args:
            detail_pids: processes whose threads should be read this tick.
        """
        now = time.monotonic()
        elapsed = None if self._prev_at is None else now - self._prev_at
        memory = self._memory()
        if self._use_procfs:
            processes = self._processes_procfs(elapsed, memory.total_bytes)
        else:
            processes = self._processes_psutil(elapsed, memory.total_bytes)
        threads = {pid: self._threads(pid, elapsed) for pid in detail_pids}
        threads = {pid: rows for pid, rows in threads.items() if rows is not None}
        self._prev_at = now
        return Snapshot(
            taken_at_monotonic=now,
            interval_s=elapsed,
            processes=tuple(processes),
            cpu=self._cpu(),
            memory=memory,
            uptime_s=max(0.0, time.time() - self._boot_time),
            self_pid=self._self_pid,
            threads=threads,
        )

    # -- processes -------------------------------------------------------------------

    def _processes_procfs(self, elapsed: float | None, total_memory: int) -> list[ProcessSample]:
        processes: list[ProcessSample] = []
        current_cpu: dict[ProcessKey, float] = {}
        live_static: dict[tuple[int, int], _Static] = {}
        for pid in procfs.list_pids():
            stat = procfs.read_stat(pid)
            if stat is None:  # exited between listdir and read: normal
                continue
            static_key = (pid, stat.start_ticks)
            static = self._static.get(static_key)
            if static is None or static.name != stat.name:
                # New process, or it called exec() (same pid and start, new name).
                static = self._read_static(pid, stat, static)
            live_static[static_key] = static
            key = (pid, static.create_time)
            current_cpu[key] = stat.cpu_time_s
            processes.append(
                ProcessSample(
                    pid=pid,
                    ppid=stat.ppid,
                    create_time=static.create_time,
                    name=stat.name,
                    cmdline=static.cmdline,
                    username=static.username,
                    status=stat.state,
                    nice=stat.nice,
                    num_threads=stat.num_threads,
                    cpu_percent=cpu_percent(self._prev_cpu.get(key), stat.cpu_time_s, elapsed),
                    memory_percent=stat.rss_bytes / total_memory * 100 if total_memory else None,
                    rss_bytes=stat.rss_bytes,
                    cpu_time_s=stat.cpu_time_s,
                )
            )
        self._static = live_static
        self._prev_cpu = current_cpu
        return processes

    def _read_static(self, pid: int, stat: procfs.ProcStat, old: _Static | None) -> _Static:
        create_time = (
            old.create_time
            if old is not None
            else round(self._boot_time + stat.start_ticks / procfs.CLOCK_TICKS, 2)
        )
        uid = procfs.read_uid(pid)
        return _Static(
            create_time=create_time,
            name=stat.name,
            cmdline=procfs.read_cmdline(pid),
            username=None if uid is None else self._username(uid),
        )

    def _username(self, uid: int) -> str | None:
        if uid not in self._users:
            try:
                self._users[uid] = pwd.getpwuid(uid).pw_name
            except KeyError:
                self._users[uid] = str(uid)
        return self._users[uid]

    def _processes_psutil(self, elapsed: float | None, total_memory: int) -> list[ProcessSample]:
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
        for proc in psutil.process_iter(attrs, ad_value=None):
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
                    name=info.get("name") or "?",
                    cmdline=tuple(info.get("cmdline") or ()),
                    username=info.get("username"),
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

    def _threads(self, pid: int, elapsed: float | None) -> tuple[ThreadSample, ...] | None:
        if not self._use_procfs:
            return self._threads_psutil(pid, elapsed)
        tids = procfs.list_tids(pid)
        if not tids:
            return None
        rows: list[ThreadSample] = []
        for tid in sorted(tids):
            stat = procfs.read_stat(pid, tid)
            if stat is None:
                continue
            voluntary, involuntary = procfs.read_ctx_switches(pid, tid)
            key = (pid, tid)
            rows.append(
                ThreadSample(
                    tid=tid,
                    name=stat.name,
                    status=stat.state,
                    cpu_percent=cpu_percent(
                        self._prev_thread_cpu.get(key), stat.cpu_time_s, elapsed
                    ),
                    user_time_s=stat.user_time_s,
                    system_time_s=stat.system_time_s,
                    last_cpu=stat.processor,
                    voluntary_ctx_switches=voluntary,
                    involuntary_ctx_switches=involuntary,
                )
            )
            self._prev_thread_cpu[key] = stat.cpu_time_s
        self._forget_threads(pid, {row.tid for row in rows})
        return tuple(rows)

    def _forget_threads(self, pid: int, alive: set[int]) -> None:
        for key in [k for k in self._prev_thread_cpu if k[0] == pid and k[1] not in alive]:
            del self._prev_thread_cpu[key]

    def _threads_psutil(self, pid: int, elapsed: float | None) -> tuple[ThreadSample, ...] | None:
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
        cores = []
        for times in psutil.cpu_times(percpu=True):
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

    @staticmethod
    def _memory() -> MemorySample:
        virtual = psutil.virtual_memory()
        swap = psutil.swap_memory()
        return MemorySample(
            total_bytes=virtual.total,
            used_bytes=virtual.total - virtual.available,
            available_bytes=virtual.available,
            swap_total_bytes=swap.total,
            swap_used_bytes=swap.used,
        )


def platform_note() -> str | None:
    """Return a one-line note when this platform shows less than Linux does."""
    if sys.platform.startswith("linux"):
        return None
    return f"{sys.platform}: thread names, states, cores and context switches need Linux /proc"
