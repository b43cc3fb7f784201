"""Provides LessonSession: one running scenario's lesson, fed with snapshots and output lines."""

from __future__ import annotations

from ptop.model.family import FamilyTick, LifecycleEvent, family_tick, lifecycle_changes
from ptop.model.index import SnapshotIndex
from ptop.model.lessons.base import LessonView
from ptop.model.snapshot import ProcessKey, Snapshot


class LessonSession:
    """Follows a scenario's family across ticks (orphans included) and keeps its lesson fed."""

    def __init__(self, scenario: str, root_pid: int) -> None:
        self.scenario = scenario
        self.root_pid = root_pid
        # Here, not at the top: the registry and the lesson modules load when a scenario starts.
        from ptop.model.lessons.registry import lesson_for

        self.lesson = lesson_for(scenario)
        self.known: set[ProcessKey] = set()
        self.tick: FamilyTick | None = None

    def on_snapshot(
        self, snapshot: Snapshot, index: SnapshotIndex | None = None
    ) -> list[LifecycleEvent]:
        """Measure one tick (index: the snapshot's, if built); returns what changed."""
        tick = family_tick(snapshot, self.root_pid, self.known, index)
        changes = lifecycle_changes(self.tick, tick)
        # family_tick already kept every known member still alive (same pid and start).
        self.known = {p.key for p in tick.processes}
        self.tick = tick
        self.lesson.on_tick(tick)
        return changes

    def on_line(self, text: str, at_monotonic: float) -> bool:
        """Feed one output line; True when the lesson read an event from it."""
        return self.lesson.read_line(text, at_monotonic)

    def family_pids(self) -> set[int]:
        """Pids of the family at the last tick."""
        return {p.pid for p in self.tick.processes} if self.tick else {self.root_pid}

    def view(self) -> LessonView:
        """What the lesson panel shows now."""
        return self.lesson.view()
