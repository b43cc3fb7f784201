"""Provides SwitchingLesson and TimingLesson: numbers per step or phase, measured side by side."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import PHASE, PHASE_END, LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register

MAX_LINES = 8


class SwitchingLesson(Lesson):
    """Per step: how many threads or processes, elapsed, CPU, context switches per second."""

    prediction_key = "switching.prediction"
    # threads n=512: start 0.18s · elapsed=1.87s cpu=2.22s switches=39569
    reads = (line("step", r"^(?P<kind>threads|processes) n=\d+: start\b"),)

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[LessonEvent] = []

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "step":
            self.steps.append(event)

    def view(self) -> LessonView:
        lines: list[Phrase] = []
        for step in self.steps[-MAX_LINES:]:
            elapsed = step.num("elapsed") or 0.0
            switches = step.int("switches") or 0
            rate = switches / elapsed if elapsed > 0 else 0.0
            lines.append(
                phrase(
                    "switching.step",
                    kind=step.get("kind") or "?",
                    n=step.int("n") or 0,
                    elapsed=f"{elapsed:.2f}",
                    cpu=f"{step.num('cpu') or 0.0:.2f}",
                    rate=f"{rate:,.0f}",
                )
            )
        threads = [s for s in self.steps if s.get("kind") == "threads"]
        if not threads:
            return self._view(lines, Verdict.WAITING)
        # Threads never beat one core: CPU seconds stay at most about the wall seconds.
        one_core = all(
            (s.num("cpu") or 0.0) <= 1.3 * (s.num("elapsed") or 0.0) + 0.05 for s in threads
        )
        return self._view(
            lines,
            Verdict.AS_PREDICTED if one_core else Verdict.UNEXPECTED,
            phrase("switching.ok" if one_core else "switching.unexpected"),
        )


@dataclass(slots=True)
class _Phase:
    name: str
    tasks: int | None
    elapsed_s: float | None = None
    os_threads: int | None = None
    max_threads_seen: int = 0


class TimingLesson(Lesson):
    """cpu-vs-io and asyncio: waits or work, elapsed time, and OS threads per phase."""

    reads = (PHASE, PHASE_END)  # phase asyncio done · elapsed=5.02s cpu=0.03s os_threads=1

    def __init__(self, prediction_key: str) -> None:
        super().__init__()
        self.prediction_key = prediction_key
        self.phases: list[_Phase] = []

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "phase":
            tasks = event.int("tasks") or event.int("workers") or event.int("sleeps")
            self.phases.append(_Phase(event.get("name") or "?", tasks))
        elif event.event == "phase-end" and self.phases:
            phase = self.phases[-1]
            phase.elapsed_s = event.num("elapsed")
            phase.os_threads = event.int("os_threads")

    def on_tick(self, tick: FamilyTick) -> None:
        super().on_tick(tick)
        root = tick.root
        if self.phases and self.phases[-1].elapsed_s is None and root is not None:
            self.phases[-1].max_threads_seen = max(
                self.phases[-1].max_threads_seen, root.num_threads or 0
            )

    def view(self) -> LessonView:
        lines = [
            phrase(
                "timing.phase",
                phase=p.name,
                tasks="-" if p.tasks is None else p.tasks,
                elapsed="…" if p.elapsed_s is None else f"{p.elapsed_s:.2f}",
                threads=p.os_threads or p.max_threads_seen or "-",
            )
            for p in self.phases
        ]
        by_name = {p.name: p for p in self.phases if p.elapsed_s is not None}
        if "asyncio" in by_name:
            one = (by_name["asyncio"].os_threads or by_name["asyncio"].max_threads_seen) <= 2
            return self._view(
                lines,
                Verdict.AS_PREDICTED if one else Verdict.UNEXPECTED,
                phrase("asyncio.ok" if one else "asyncio.unexpected"),
            )
        sequential, io = by_name.get("sequential"), by_name.get("io-threads")
        if sequential and io and sequential.elapsed_s and io.elapsed_s:
            faster = io.elapsed_s < 0.5 * sequential.elapsed_s
            return self._view(
                lines,
                Verdict.AS_PREDICTED if faster else Verdict.UNEXPECTED,
                phrase(
                    "io.ok" if faster else "io.unexpected",
                    speedup=f"{sequential.elapsed_s / io.elapsed_s:.1f}",
                ),
            )
        return self._view(lines, Verdict.WAITING)


TEXTS = by_language(
    {
        "switching.prediction": (
            "Splitting fixed work over more threads never beats one core; processes use more "
            "cores but pay to start.",
            "把固定的工作分给更多线程，永远快不过一个核心；进程能用更多核心，但启动有代价。",
        ),
        "switching.step": (
            "{kind} ×{n}: {elapsed} s, CPU {cpu} s, {rate} switches/s",
            "{kind} ×{n}：{elapsed} 秒，CPU {cpu} 秒，每秒 {rate} 次切换",
        ),
        "switching.ok": (
            "threads stayed on one core's worth of CPU",
            "线程的 CPU 用量始终不超过一个核心",
        ),
        "switching.unexpected": (
            "threads used more than one core (a free-threaded build?)",
            "线程用了超过一个核心（无 GIL 版本？）",
        ),
        "timing.phase": (
            "{phase}: {tasks} tasks, {elapsed} s, {threads} OS threads",
            "{phase}：{tasks} 个任务，{elapsed} 秒，{threads} 个系统线程",
        ),
        "io.prediction": (
            "Threads that wait (sleep, I/O) overlap: 8 waits of 1 s take about 1 s. Threads that "
            "compute in Python do not get faster.",
            "等待中的线程（睡眠、I/O）可以重叠：8 次 1 秒的等待约用 1 秒。"
            "做 Python 计算的线程不会变快。",
        ),
        "io.ok": (
            "waiting threads overlapped: {speedup}x faster than one after another",
            "等待的线程相互重叠：比逐个执行快 {speedup} 倍",
        ),
        "io.unexpected": ("waiting threads did not overlap", "等待的线程没有重叠"),
        "asyncio.prediction": (
            "asyncio runs a thousand waits on one OS thread; threads need one OS thread per wait.",
            "asyncio 在一个系统线程上完成一千个等待；线程方式每个等待需要一个系统线程。",
        ),
        "asyncio.ok": ("a thousand waits, one OS thread", "一千个等待，一个系统线程"),
        "asyncio.unexpected": (
            "asyncio used more OS threads than expected",
            "asyncio 用的系统线程比预期多",
        ),
    }
)

register("switching", SwitchingLesson, TEXTS, key_call="threading.Thread")
register("cpu-vs-io", partial(TimingLesson, "io.prediction"), TEXTS, key_call="time.sleep(")
register("asyncio", partial(TimingLesson, "asyncio.prediction"), TEXTS, key_call="asyncio.sleep(")
