"""Provides QueueLesson: the writer's feeder thread appears, the reader blocks while it waits."""

from __future__ import annotations

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register

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


TEXTS = by_language(
    {
        "queue.prediction": (
            "The writer's put() hands items to a hidden feeder thread; the reader sleeps in get() "
            "(state S) until something arrives.",
            "写进程的 put() 把数据交给一个隐藏的 feeder 线程；读进程在 get() 中睡眠（状态 S），"
            "直到有数据到达。",
        ),
        "queue.items": ("{put} put, {got} got", "放入 {put} 个，取出 {got} 个"),
        "queue.feeder": (
            "the feeder thread appeared in pid {pid}",
            "pid {pid} 中出现了 feeder 线程",
        ),
        "queue.reader-blocked": (
            "the reader was seen blocked in get(): state S, no CPU",
            "看到读进程阻塞在 get()：状态 S，不占 CPU",
        ),
        "queue.ok": (
            "feeder thread and blocked reader both seen",
            "feeder 线程和阻塞的读进程都已看到",
        ),
        "queue.waiting": (
            "watch the writer gain a thread and the reader sleep",
            "观察写进程多出一个线程、读进程进入睡眠",
        ),
    }
)

register("queue", QueueLesson, TEXTS, key_call="Queue()")
