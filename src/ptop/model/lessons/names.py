"""Provides NamesLesson: the named threads a scenario starts, as Python and as the OS see them."""

from __future__ import annotations

from functools import partial

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register

OS_NAME_BYTES = 15


def os_cut(name: str) -> str:
    """A name as /proc/PID/task/TID/comm keeps it: 15 bytes, cut at a character boundary."""
    raw = name.encode("utf-8")[:OS_NAME_BYTES]
    return raw.decode("utf-8", "ignore")


class NamesLesson(Lesson):
    """Threads appearing and ending, and whether the OS shows their Python names."""

    reads = (
        line("thread-start", r"^thread (?P<name>\S+) is running\b"),  # · tid=32018
        line("thread-end", r"^thread (?P<name>\S+) ended\b"),
    )

    def __init__(self, prediction_key: str) -> None:
        super().__init__()
        self.prediction_key = prediction_key
        self.started: dict[str, int | None] = {}
        self.ended: set[str] = set()
        self.os_names: set[str] = set()

    def on_event(self, event: LessonEvent) -> None:
        name = event.get("name")
        if name is None:
            return
        if event.event == "thread-start":
            self.started[name] = event.int("tid")
        elif event.event == "thread-end":
            self.ended.add(name)

    def on_tick(self, tick: FamilyTick) -> None:
        super().on_tick(tick)
        self.os_names.update(t.name for _, t in tick.all_threads())

    def view(self) -> LessonView:
        lines: list[Phrase] = []
        for name in list(self.started)[:8]:
            state = "ended" if name in self.ended else "running"
            seen = os_cut(name) in self.os_names
            lines.append(
                phrase(
                    "names.thread",
                    name=name,
                    state=phrase(f"names.{state}"),
                    seen=phrase("names.seen" if seen else "names.not-seen"),
                )
            )
        if not self.started:
            return self._view(lines, Verdict.WAITING)
        matched = [n for n in self.started if os_cut(n) in self.os_names]
        if matched:
            return self._view(
                lines,
                Verdict.AS_PREDICTED,
                phrase("names.ok", matched=len(matched), total=len(self.started)),
            )
        return self._view(lines, Verdict.WAITING, phrase("names.waiting"))


TEXTS = by_language(
    {
        "threads.prediction": (
            "Each thread has a name; with ptop's launcher the OS shows the same name (Python 3.14 "
            "does it by itself).",
            "每个线程都有名字；通过 ptop 启动时，操作系统显示同样的名字（Python 3.14 自己就会这样"
            "做）。",
        ),
        "names.thread": ("{name}: {state}, {seen}", "{name}：{state}，{seen}"),
        "names.running": ("running", "运行中"),
        "names.ended": ("ended", "已结束"),
        "names.seen": ("OS name matches", "系统线程名一致"),
        "names.not-seen": ("not seen by the OS name", "系统中未见此名"),
        "names.ok": (
            "{matched} of {total} threads carry their Python name in the OS",
            "{total} 个线程中有 {matched} 个在操作系统中带着 Python 名字",
        ),
        "names.waiting": ("waiting for the threads' OS names", "等待线程的系统名字出现"),
    }
)

register("threads", partial(NamesLesson, "threads.prediction"), TEXTS, key_call="threading.Thread(")
