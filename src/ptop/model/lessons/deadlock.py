"""Provides DeadlockLesson: threads asleep for good, 0 % CPU, no context switches."""

from __future__ import annotations

from ptop.model.family import FamilyTick
from ptop.model.hints import StallTracker
from ptop.model.lesson_lines import LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register


class DeadlockLesson(Lesson):
    """Flags 'possible deadlock' from ptop's own per-thread measurements of the root process."""

    prediction_key = "deadlock.prediction"
    reads = (line("thread-start", r"^(?P<name>\S+) holds lock \w+;"),)  # ... · tid=3409

    def __init__(self) -> None:
        super().__init__()
        self.tracker = StallTracker()
        self.flagged_at: float | None = None
        self.started_at: float | None = None
        self.names: dict[int, str] = {}

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "thread-start":
            tid, name = event.int("tid"), event.get("name")
            if tid is not None and name:
                self.names[tid] = name

    def on_tick(self, tick: FamilyTick) -> None:
        super().on_tick(tick)
        if self.started_at is None:
            self.started_at = tick.at_monotonic
        threads = tick.threads.get(tick.root_pid)
        if threads is None:
            return
        self.tracker.observe(threads, tick.at_monotonic)
        if self.flagged_at is None and self.tracker.possible_deadlock():
            self.flagged_at = tick.at_monotonic

    def view(self) -> LessonView:
        lines: list[Phrase] = []
        tick = self.last_tick
        threads = tick.threads.get(tick.root_pid, ()) if tick else ()
        stalled = set(self.tracker.stalled())
        for thread in threads:
            name = self.names.get(thread.tid, thread.name)
            lines.append(
                phrase(
                    "deadlock.thread",
                    tid=thread.tid,
                    name=name,
                    state=thread.status or "?",
                    cpu="-" if thread.cpu_percent is None else f"{thread.cpu_percent:.1f}",
                    stuck=phrase("deadlock.stuck" if thread.tid in stalled else "deadlock.moving"),
                )
            )
        if self.tracker.possible_deadlock():
            after = (self.flagged_at or 0.0) - (self.started_at or 0.0)
            lines.append(phrase("deadlock.how-to-dump"))
            return self._view(
                lines,
                Verdict.ALERT,
                phrase("deadlock.flagged", count=len(stalled), after=f"{max(after, 0.0):.0f}"),
            )
        return self._view(lines, Verdict.WAITING, phrase("deadlock.watching"))


TEXTS = by_language(
    {
        "deadlock.prediction": (
            "Two threads take two locks in opposite order: each holds one and waits for the "
            "other, forever. Asleep, 0 % CPU, no switches.",
            "两个线程以相反顺序获取两把锁：各持一把、等待另一把，永远等下去。睡眠、0% CPU、"
            "没有上下文切换。",
        ),
        "deadlock.thread": (
            "tid {tid} {name}: {state}, {cpu} % CPU, {stuck}",
            "tid {tid} {name}：{state}，CPU {cpu}%，{stuck}",
        ),
        "deadlock.stuck": ("no progress", "没有进展"),
        "deadlock.moving": ("moving", "在运行"),
        "deadlock.how-to-dump": (
            "press D to dump the stuck threads' Python stacks",
            "按 D 打印卡住线程的 Python 调用栈",
        ),
        "deadlock.flagged": (
            "possible deadlock: {count} threads asleep with no progress (seen {after} s after "
            "start)",
            "可能死锁：{count} 个线程睡眠且没有任何进展（启动后 {after} 秒发现）",
        ),
        "deadlock.watching": (
            "watching for threads that sleep without progress",
            "观察是否有线程睡眠且没有进展",
        ),
    }
)

register("deadlock", DeadlockLesson, TEXTS, key_call="with second:")
