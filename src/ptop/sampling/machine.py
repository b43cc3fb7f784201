"""Provides MachineSampler: one tick of the live machine, whatever backend reads it."""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from types import ModuleType

from ptop.model.rates import core_busy_percent
from ptop.model.snapshot import CpuSample, MemorySample, ProcessSample, Snapshot, ThreadSample


class MachineSampler:
    """One tick of the live machine; a backend supplies the reads.

    Keeps what rates need from the previous tick (the time and each core's ticks).
    Not thread-safe: one sampler belongs to one sampling thread.
    """

    def __init__(self) -> None:
        self._prev_cores: list[tuple[float, float]] | None = None
        self._prev_at: float | None = None
        self._self_pid = os.getpid()
        self._boot_time = self._read_boot_time()

    def close(self) -> None:
        """Release what the backend keeps open between ticks."""

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        """Take one snapshot.

        Args:
            detail_pids: processes whose threads should be read this tick.
        """
        now = time.monotonic()
        elapsed = None if self._prev_at is None else now - self._prev_at
        memory = self._memory()
        processes = self._processes(elapsed, memory.total_bytes)
        threads = self._threads(detail_pids, elapsed)
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

    # -- what a backend reads --------------------------------------------------------

    def _read_boot_time(self) -> float:
        raise NotImplementedError

    def _processes(self, elapsed: float | None, total_memory: int) -> list[ProcessSample]:
        raise NotImplementedError

    def _threads(
        self, pids: Collection[int], elapsed: float | None
    ) -> dict[int, tuple[ThreadSample, ...] | None]:
        raise NotImplementedError

    def _core_ticks(self) -> list[tuple[float, float]]:
        """(busy, total) ticks of each core since boot."""
        raise NotImplementedError

    def _memory(self) -> MemorySample:
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------

    def _cpu(self) -> CpuSample:
        cores = self._core_ticks()
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


def psutil_module() -> ModuleType:
    """psutil, imported on first use: the Linux path never needs it (import time and memory)."""
    import psutil

    return psutil
