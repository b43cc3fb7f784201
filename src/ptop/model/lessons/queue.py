"""Provides QueueLesson: the writer's feeder thread appears, the reader blocks while it waits."""

from __future__ import annotations

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase

FEEDER_PREFIX = "QueueFeeder"
"""Python names it QueueFeederThread; the OS keeps 15 bytes: 'QueueFeederThre'."""


class QueueLesson(Lesson):
    """Feeder thread seen (in which pid), reader seen blocked (state S), items put and got."""

    prediction_key = "queue.prediction"
    reads = (
        line("put", r"^writer put (?P<item>\d+)"),
        line("get", r"^reader got (?P<item>\d+)"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.feeder_pid: int | None = None
        self.reader_blocked = False
        self.put = 0
        self.got = 0

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "put":
            self.put += 1
        elif event.event == "get":
            self.got += 1

    def on_tick(self, tick: FamilyTick) -> None:
        super().on_tick(tick)
        for pid, thread in tick.all_threads():
            if thread.name.startswith(FEEDER_PREFIX):
                self.feeder_pid = pid
        for proc in tick.processes:
            if (
                "reader" in proc.name.lower()
                and proc.status == "S"
                and (proc.cpu_percent or 0.0) < 5.0
            ):
                self.reader_blocked = True

    def view(self) -> LessonView:
        lines: list[Phrase] = [phrase("queue.items", put=self.put, got=self.got)]
        if self.feeder_pid is not None:
            lines.append(phrase("queue.feeder", pid=self.feeder_pid))
        if self.reader_blocked:
            lines.append(phrase("queue.reader-blocked"))
        if self.feeder_pid is not None and self.reader_blocked:
            return self._view(lines, Verdict.AS_PREDICTED, phrase("queue.ok"))
        return self._view(lines, Verdict.WAITING, phrase("queue.waiting"))
