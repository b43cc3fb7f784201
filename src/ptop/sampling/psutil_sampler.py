"""Provides PsutilSampler: the portable path (macOS and anything without Linux's /proc).

psutil gives every process's fields but, for threads, only ids and CPU times: no names,
states, cores or context switches (``platform_note`` says so on screen).
"""

from __future__ import annotations

from collections.abc import Collection

from ptop.model.printable import printable
from ptop.model.rates import cpu_percent
from ptop.model.snapshot import MemorySample, ProcessKey, ProcessSample, ThreadSample
from ptop.sampling.machine import MachineSampler, psutil_module

_ATTRS = [
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


class PsutilSampler(MachineSampler):
    """Samples processes, threads, CPU and memory through psutil."""

    def __init__(self) -> None:
        self._prev_cpu: dict[ProcessKey, float] = {}
        self._prev_thread_cpu: dict[tuple[int, int], float] = {}
        super().__init__()

    def _read_boot_time(self) -> float:
        return float(psutil_module().boot_time())

    def _processes(self, elapsed: float | None, total_memory: int) -> list[ProcessSample]:
        from ptop.model.units import status_letter

        processes: list[ProcessSample] = []
        current_cpu: dict[ProcessKey, float] = {}
        for proc in psutil_module().process_iter(_ATTRS, ad_value=None):
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

    def _threads(
        self, pids: Collection[int], elapsed: float | None
    ) -> dict[int, tuple[ThreadSample, ...] | None]:
        return {pid: self._threads_of(pid, elapsed) for pid in pids}

    def _threads_of(self, pid: int, elapsed: float | None) -> tuple[ThreadSample, ...] | None:
        psutil = psutil_module()
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

    def _core_ticks(self) -> list[tuple[float, float]]:
        cores = []
        for times in psutil_module().cpu_times(percpu=True):
            idle = times.idle + getattr(times, "iowait", 0.0)
            total = sum(times)
            # guest time is already counted in user on Linux
            total -= getattr(times, "guest", 0.0) + getattr(times, "guest_nice", 0.0)
            cores.append((total - idle, total))
        return cores

    def _memory(self) -> MemorySample:
        psutil = psutil_module()
        virtual = psutil.virtual_memory()
        swap = psutil.swap_memory()
        return MemorySample(
            total_bytes=virtual.total,
            used_bytes=virtual.total - virtual.available,
            available_bytes=virtual.available,
            swap_total_bytes=swap.total,
            swap_used_bytes=swap.used,
        )
