"""Provides FamilyLesson: the parent → child tree, exit codes and orphans (fork, process, ...)."""

from __future__ import annotations

from ptop.model.family import FamilyTick, lifecycle_changes
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase

MAX_TREE_LINES = 6


class FamilyLesson(Lesson):
    """Who started whom, how each child ended, and whether one was orphaned."""

    reads = (line("exit", r"\bexited\b.*\bcode="),)  # child exited · pid=3302 code=0

    def __init__(
        self, prediction_key: str = "family.prediction", expects_children: bool = True
    ) -> None:
        super().__init__()
        self.prediction_key = prediction_key
        self.expects_children = expects_children
        self.children_seen: dict[int, str] = {}
        self.exits: dict[int, int] = {}
        self.orphans: dict[int, int] = {}
        self.zombies: set[int] = set()
        self._previous: FamilyTick | None = None

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "exit":
            pid, code = event.int("pid"), event.int("code")
            if pid is not None and code is not None:
                self.exits[pid] = code

    def on_tick(self, tick: FamilyTick) -> None:
        for change in lifecycle_changes(self._previous, tick):
            if change.kind == "orphaned":
                self.orphans[change.pid] = change.ppid
            elif change.kind == "zombie":
                self.zombies.add(change.pid)
        for proc in tick.processes:
            if proc.pid != tick.root_pid:
                self.children_seen.setdefault(proc.pid, proc.name)
        self._previous = tick
        super().on_tick(tick)

    def _running_children(self) -> int:
        """Children still in the last tick (zombies included) that have not reported an exit."""
        tick = self.last_tick
        if tick is None:
            return 0
        return sum(
            1 for proc in tick.processes if proc.pid != tick.root_pid and proc.pid not in self.exits
        )

    def view(self) -> LessonView:
        lines: list[Phrase] = []
        tick = self.last_tick
        if tick is not None:
            for proc in tick.processes[:MAX_TREE_LINES]:
                lines.append(
                    phrase(
                        "family.member",
                        pid=proc.pid,
                        ppid=proc.ppid,
                        name=proc.name,
                        state=proc.status,
                    )
                )
        for pid, code in sorted(self.exits.items()):
            lines.append(phrase("family.exit", pid=pid, code=code))
        for pid, ppid in sorted(self.orphans.items()):
            lines.append(phrase("family.orphan", pid=pid, ppid=ppid))
        for pid in sorted(self.zombies):
            lines.append(phrase("family.zombie", pid=pid))
        if not self.expects_children:
            return self._view(lines, Verdict.WAITING)
        if not self.children_seen:
            return self._view(lines, Verdict.WAITING, phrase("family.waiting"))
        if any(code != 0 for code in self.exits.values()):
            return self._view(lines, Verdict.UNEXPECTED, phrase("family.bad-exit"))
        running = self._running_children()
        if running:
            # "Ended cleanly" is for after the end: a running (or unreaped) child may still fail.
            return self._view(lines, Verdict.WAITING, phrase("family.running", children=running))
        return self._view(
            lines, Verdict.AS_PREDICTED, phrase("family.ok", children=len(self.children_seen))
        )
