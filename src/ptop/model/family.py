"""Provides FamilyTick (a scenario's processes and threads at one tick) and lifecycle diffs."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ptop.model.index import SnapshotIndex
from ptop.model.snapshot import ProcessKey, ProcessSample, Snapshot, ThreadSample


@dataclass(frozen=True, slots=True)
class FamilyTick:
    """The running scenario's family at one tick: what lessons measure."""

    at_monotonic: float
    interval_s: float | None
    root_pid: int
    processes: tuple[ProcessSample, ...]
    """The root and every descendant present at this tick, root first."""
    threads: Mapping[int, tuple[ThreadSample, ...]] = field(default_factory=dict)
    cores: int = 1

    @property
    def root(self) -> ProcessSample | None:
        """The scenario's root process, while it exists."""
        return (
            self.processes[0] if self.processes and self.processes[0].pid == self.root_pid else None
        )

    @property
    def total_cpu_percent(self) -> float | None:
        """CPU of the whole family (100 = one core); None until measured."""
        known = [p.cpu_percent for p in self.processes if p.cpu_percent is not None]
        return sum(known) if known else None

    def all_threads(self) -> list[tuple[int, ThreadSample]]:
        """(pid, thread) for every sampled thread of the family."""
        return [(pid, t) for pid, rows in self.threads.items() for t in rows]


def family_tick(
    snapshot: Snapshot,
    root_pid: int,
    known: Collection[ProcessKey] = (),
    index: SnapshotIndex | None = None,
) -> FamilyTick:
    """Cut a scenario's family out of a snapshot.

    Args:
        snapshot: one tick of the whole machine.
        root_pid: the scenario's root process.
        known: processes seen in the family before; they stay members after their
            parent exits and they are re-parented (orphans), with their descendants.
        index: the snapshot's index, if the caller already built it (the screen does,
            once per tick).
    """
    if index is None:
        index = SnapshotIndex.of(snapshot.processes)
    by_pid = index.by_pid
    members = index.family(root_pid, known)
    ordered = [root_pid, *sorted(members - {root_pid})]
    processes = tuple(by_pid[pid] for pid in ordered if pid in by_pid)
    pids = {p.pid for p in processes}
    return FamilyTick(
        at_monotonic=snapshot.taken_at_monotonic,
        interval_s=snapshot.interval_s,
        root_pid=root_pid,
        processes=processes,
        threads={pid: rows for pid, rows in snapshot.threads.items() if pid in pids},
        cores=max(1, len(snapshot.cpu.per_core_percent)),
    )


@dataclass(frozen=True, slots=True)
class LifecycleEvent:
    """A change in a family between two ticks: started, exited, zombie, reaped, orphaned."""

    kind: str
    """'started', 'exited', 'zombie', 'reaped' or 'orphaned'."""
    pid: int
    name: str
    ppid: int
    at_monotonic: float


def lifecycle_changes(before: FamilyTick | None, after: FamilyTick) -> list[LifecycleEvent]:
    """What happened to the family's processes between two ticks."""
    old = {p.pid: p for p in before.processes} if before else {}
    new = {p.pid: p for p in after.processes}
    at = after.at_monotonic
    events: list[LifecycleEvent] = []
    for pid, proc in new.items():
        previous = old.get(pid)
        if previous is None:
            if before is not None:
                events.append(LifecycleEvent("started", pid, proc.name, proc.ppid, at))
            if proc.status == "Z":
                events.append(LifecycleEvent("zombie", pid, proc.name, proc.ppid, at))
            continue
        if proc.status == "Z" and previous.status != "Z":
            events.append(LifecycleEvent("zombie", pid, proc.name, proc.ppid, at))
        if proc.ppid != previous.ppid and previous.ppid in old:
            events.append(LifecycleEvent("orphaned", pid, proc.name, proc.ppid, at))
    for pid, proc in old.items():
        if pid not in new:
            kind = "reaped" if proc.status == "Z" else "exited"
            events.append(LifecycleEvent(kind, pid, proc.name, proc.ppid, at))
    return events


class LastSeen:
    """A family's processes as last seen, so that a family that ended can stay on screen.

    Every tick's members are added; each process keeps its newest sample. When the
    family ends, processes() is what it looked like: every member seen recently
    (at most `limit`, the most recently seen ones, so a scenario that started hundreds of
    processes keeps the last of them).
    """

    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        self._seen: dict[ProcessKey, ProcessSample] = {}

    def add(self, processes: Collection[ProcessSample]) -> None:
        """Remember the members of one tick (newest sample wins, newest last)."""
        for proc in processes:
            self._seen.pop(proc.key, None)
            self._seen[proc.key] = proc
        if len(self._seen) > 2 * self.limit:
            self._seen = dict(list(self._seen.items())[-self.limit :])

    def processes(self) -> list[ProcessSample]:
        """The most recently seen members, at most `limit`, in pid order."""
        kept = list(self._seen.values())[-self.limit :]
        return sorted(kept, key=lambda p: p.pid)

    def clear(self) -> None:
        """Forget every member (a new run starts)."""
        self._seen.clear()
