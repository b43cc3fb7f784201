"""Provides the heuristics behind ptop's hints: a GIL-bound process and a possible deadlock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ptop.model.snapshot import ProcessSample, ThreadSample

GIL_BUSY_THREAD_PERCENT = 15.0
"""A thread using at least this much CPU wants the CPU."""
GIL_ONE_CORE_BAND = (70.0, 130.0)
"""A process whose busy threads together stay in this band is held to one core."""


def looks_python(proc: ProcessSample) -> bool:
    """Whether a process runs a Python interpreter (by name or by its program)."""
    program = proc.cmdline[0].rsplit("/", 1)[-1] if proc.cmdline else ""
    return "python" in proc.name.lower() or "python" in program.lower()


def gil_bound(proc: ProcessSample, threads: Sequence[ThreadSample], cores: int) -> bool:
    """Whether a process looks held back by the GIL.

    Two or more of its threads each want the CPU, yet together they stay near 100 %
    of one core although more cores exist. Spinning C code that releases the GIL
    (hashlib, zlib) goes past one core, and a single busy thread is no contention,
    so neither is flagged.
    """
    if cores < 2 or proc.cpu_percent is None or not looks_python(proc):
        return False
    busy = [t for t in threads if (t.cpu_percent or 0.0) >= GIL_BUSY_THREAD_PERCENT]
    low, high = GIL_ONE_CORE_BAND
    return len(busy) >= 2 and low <= proc.cpu_percent <= high


def core_markers(threads: Sequence[ThreadSample], *, most: int = 3) -> dict[int, str]:
    """For each core, a marker naming the busy threads that last ran on it ('◀ Spin-0,Spin-1')."""
    names: dict[int, list[str]] = {}
    for thread in threads:
        if thread.last_cpu is not None and (thread.cpu_percent or 0.0) >= 5.0:
            names.setdefault(thread.last_cpu, []).append(thread.name)
    return {
        core: "◀ " + ",".join(sorted(found)[:most]) + ("…" if len(found) > most else "")
        for core, found in names.items()
    }


def busy_threads(threads: Sequence[ThreadSample]) -> int:
    """How many threads want the CPU right now."""
    return sum(1 for t in threads if (t.cpu_percent or 0.0) >= GIL_BUSY_THREAD_PERCENT)


@dataclass(slots=True)
class _ThreadTrace:
    cpu_s: float
    switches: int | None
    unchanged_since: float


class StallTracker:
    """Notices threads that sleep without any progress: no CPU, no context switch.

    A sleeping thread that wakes now and then (a timer, a queue with traffic) makes
    context switches and is not stalled. Two or more stalled threads, with no thread
    of the process running, is a *possible* deadlock: threads blocked on each other's
    locks look exactly like this from outside.
    """

    STALL_AFTER_S = 2.0

    def __init__(self) -> None:
        self._traces: dict[int, _ThreadTrace] = {}
        self._last_threads: dict[int, ThreadSample] = {}
        self._now: float | None = None

    def observe(self, threads: Sequence[ThreadSample], at_monotonic: float) -> None:
        """Record one tick of a process's threads."""
        alive = set()
        for thread in threads:
            alive.add(thread.tid)
            cpu_s = thread.user_time_s + thread.system_time_s
            switches = None
            if thread.voluntary_ctx_switches is not None:
                switches = thread.voluntary_ctx_switches + (thread.involuntary_ctx_switches or 0)
            trace = self._traces.get(thread.tid)
            changed = (
                trace is None
                or thread.status != "S"
                or cpu_s != trace.cpu_s
                or switches != trace.switches
            )
            if changed:
                self._traces[thread.tid] = _ThreadTrace(cpu_s, switches, at_monotonic)
        for tid in list(self._traces):
            if tid not in alive:
                del self._traces[tid]
        self._last_threads = {t.tid: t for t in threads}
        self._now = at_monotonic

    def stalled(self) -> list[int]:
        """Thread ids that slept with no progress for at least STALL_AFTER_S."""
        now = self._now
        if now is None:
            return []
        return sorted(
            tid
            for tid, trace in self._traces.items()
            if now - trace.unchanged_since >= self.STALL_AFTER_S
        )

    def possible_deadlock(self) -> bool:
        """Two or more stalled threads and none running."""
        if any(t.status == "R" for t in self._last_threads.values()):
            return False
        return len(self.stalled()) >= 2
