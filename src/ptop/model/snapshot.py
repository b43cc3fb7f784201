"""Provides the frozen records of one sampling tick: processes, threads, CPU and memory."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ProcessKey = tuple[int, float]
"""A process identity that survives PID reuse: (pid, create_time)."""


@dataclass(frozen=True, slots=True)
class ProcessSample:
    """One process at one tick. Unknown values are None, never 0 or ''."""

    pid: int
    ppid: int
    create_time: float
    """Seconds since the epoch; with pid it identifies the process."""
    name: str
    """The kernel's short name (comm, at most 15 bytes)."""
    cmdline: tuple[str, ...]
    """Arguments; empty for kernel threads and processes we cannot read."""
    username: str | None
    status: str
    """One-letter kernel state: R, S, D, Z, T, t, I, X."""
    nice: int | None
    num_threads: int | None
    cpu_percent: float | None
    """100 % is one core; counts all threads. None on the first sight of a process."""
    memory_percent: float | None
    rss_bytes: int | None
    cpu_time_s: float | None
    """User plus system CPU seconds since the process started."""

    @property
    def key(self) -> ProcessKey:
        """Identity of this process: (pid, create_time)."""
        return (self.pid, self.create_time)

    @property
    def command(self) -> str:
        """The full command line, or the bracketed name when there is none (like ps)."""
        return " ".join(self.cmdline) if self.cmdline else f"[{self.name}]"

    @property
    def label(self) -> str:
        """The command line, led by the process's own name when it renamed itself.

        A multiprocessing worker named PoolWorker-1 still has its parent's command line;
        like htop's merged command column, the name is shown in front of it.
        """
        if not self.cmdline:
            return f"[{self.name}]"
        program = self.cmdline[0].rsplit("/", 1)[-1].lstrip("-")
        if program.startswith(self.name) or self.name.startswith(program[:15]):
            return self.command
        return f"{self.name}: {self.command}"


@dataclass(frozen=True, slots=True)
class ThreadSample:
    """One thread (task) of a process at one tick."""

    tid: int
    name: str
    """From /proc/PID/task/TID/comm: what the OS calls the thread."""
    status: str | None
    cpu_percent: float | None
    user_time_s: float
    system_time_s: float
    last_cpu: int | None
    """The core the thread last ran on (field 39 of /proc/PID/task/TID/stat)."""
    voluntary_ctx_switches: int | None
    involuntary_ctx_switches: int | None


@dataclass(frozen=True, slots=True)
class CpuSample:
    """Machine-wide CPU load over the last interval."""

    per_core_percent: tuple[float | None, ...]
    """Busy percent of each core; None before two samples exist."""
    total_percent: float | None
    load_average: tuple[float, float, float] | None


@dataclass(frozen=True, slots=True)
class MemorySample:
    """Machine-wide memory and swap, in bytes."""

    total_bytes: int
    used_bytes: int
    available_bytes: int
    swap_total_bytes: int
    swap_used_bytes: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything ptop knows after one tick; built off the event loop, never mutated."""

    taken_at_monotonic: float
    interval_s: float | None
    """Seconds since the previous tick; None for the first."""
    processes: tuple[ProcessSample, ...]
    cpu: CpuSample
    memory: MemorySample
    uptime_s: float | None = None
    self_pid: int | None = None
    """ptop's own pid, so the monitor can show its own cost."""
    threads: Mapping[int, tuple[ThreadSample, ...]] = field(default_factory=dict)
    """Threads of the processes asked for in detail, by pid."""
    _by_pid: dict[int, ProcessSample] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # process() is asked several times per tick (summary, thread view, lessons);
        # one index per snapshot instead of a scan of every process each time.
        object.__setattr__(self, "_by_pid", {p.pid: p for p in self.processes})

    def process(self, pid: int) -> ProcessSample | None:
        """Return the process with this pid, if it exists in this tick."""
        return self._by_pid.get(pid)

    def threads_for(self, pid: int) -> tuple[ThreadSample, ...] | None:
        """Threads of pid, or None when they were not sampled this tick."""
        return self.threads.get(pid)

    @property
    def thread_count(self) -> int:
        """Threads of all processes (known thread counts only)."""
        return sum(p.num_threads or 0 for p in self.processes)

    @property
    def running_count(self) -> int:
        """Processes in state R (running or runnable)."""
        return sum(1 for p in self.processes if p.status == "R")

    @property
    def self_cpu_percent(self) -> float | None:
        """ptop's own CPU percent (of one core), when known."""
        if self.self_pid is None:
            return None
        me = self.process(self.self_pid)
        return None if me is None else me.cpu_percent
