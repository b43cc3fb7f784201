"""Provides ThreadLocalLesson: one global threading.local, and the value each thread reads back."""

from __future__ import annotations

from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register

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


TEXTS = by_language(
    {
        "threadlocal.prediction": (
            "threading.local is one global object with a separate value in each thread.",
            "threading.local 是一个全局对象，在每个线程中有各自的值。",
        ),
        "local.read": (
            "{name} stored {stored}, read back {read}",
            "{name} 存入 {stored}，读回 {read}",
        ),
        "local.running": (
            "{name} stored {stored}, still running",
            "{name} 存入 {stored}，仍在运行",
        ),
        "local.waiting": (
            "waiting for the threads to read their values back",
            "等待各线程读回自己的值",
        ),
        "local.ok": (
            "each thread read back only its own value from the one global object",
            "每个线程从同一个全局对象只读回了自己的值",
        ),
        "local.mixed": ("a thread read back another thread's value", "有线程读到了别的线程的值"),
    }
)

register("threadlocal", ThreadLocalLesson, TEXTS, key_call="threading.local()")
