"""Provides ThreadLocalLesson: one global threading.local, and the value each thread reads back."""

from __future__ import annotations

from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase

MAX_THREAD_LINES = 8


class ThreadLocalLesson(Lesson):
    """What each thread stored in the shared local object, and what it found there at the end.

    With a plain global the threads would overwrite each other and all read the last
    value written; with ``threading.local`` each reads back its own.
    """

    prediction_key = "threadlocal.prediction"
    reads = (
        line("thread-start", r"^(?P<name>\S+) stores student="),  # Thread-A stores student=Alice
        line("thread-end", r"^(?P<name>\S+) reads back student="),
    )

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[str, str | None] = {}
        self.read: dict[str, str] = {}

    def on_event(self, event: LessonEvent) -> None:
        name = event.get("name")
        if name is None:
            return
        if event.event == "thread-start":
            self.stored[name] = event.get("student")
        elif event.event == "thread-end":
            self.read[name] = event.get("student") or "?"

    def view(self) -> LessonView:
        lines: list[Phrase] = []
        for name in list(self.stored)[:MAX_THREAD_LINES]:
            stored = self.stored[name] or "?"
            if name in self.read:
                lines.append(phrase("local.read", name=name, stored=stored, read=self.read[name]))
            else:
                lines.append(phrase("local.running", name=name, stored=stored))
        if not self.read or len(self.read) < len(self.stored):
            return self._view(lines, Verdict.WAITING, phrase("local.waiting"))
        own = all(
            value == (self.stored.get(name) or value) for name, value in self.read.items()
        ) and len(set(self.read.values())) == len(self.read)
        if own:
            return self._view(lines, Verdict.AS_PREDICTED, phrase("local.ok"))
        return self._view(lines, Verdict.UNEXPECTED, phrase("local.mixed"))
