"""Provides GilLesson: threads share one core; processes, and GIL-releasing C code, use them all."""

from __future__ import annotations

from dataclasses import dataclass

from ptop.model.family import FamilyTick
from ptop.model.hints import GIL_BUSY_THREAD_PERCENT, busy_threads
from ptop.model.lesson_lines import PHASE, PHASE_END, LessonEvent
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register

END_SLACK_S = 0.2
"""Allowance for the delay between a phase ending and ptop reading its line."""


@dataclass(slots=True)
class _Phase:
    name: str
    workers: int
    started_at: float
    ended_at: float | None = None


@dataclass(frozen=True, slots=True)
class _Sample:
    interval_start: float
    at: float
    total_cpu: float
    busy_threads: int
    busy_processes: int


class GilLesson(Lesson):
    """Per phase: busy threads, the family's CPU against the cores there are.

    Ticks and output lines reach the lesson in whatever order the UI handles them, so
    samples are kept with their times and matched to phases by time, not by arrival:
    a sample counts for a phase only when its whole interval lies inside the phase.
    """

    prediction_key = "gil.prediction"
    reads = (PHASE, PHASE_END)  # phase threads: ... · workers=2 / phase threads done · cores=0.98

    def __init__(self) -> None:
        super().__init__()
        self.phases: list[_Phase] = []
        self.samples: list[_Sample] = []

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "phase":
            name = event.get("name") or "?"
            if self.phases and self.phases[-1].ended_at is None:
                self.phases[-1].ended_at = event.at_monotonic
            self.phases.append(_Phase(name, event.int("workers") or 0, event.at_monotonic))
        elif event.event == "phase-end" and self.phases:
            self.phases[-1].ended_at = event.at_monotonic

    def on_tick(self, tick: FamilyTick) -> None:
        super().on_tick(tick)
        total = tick.total_cpu_percent
        # A process seen for the first time has no CPU % yet: the total would be short.
        complete = all(p.cpu_percent is not None for p in tick.processes)
        if total is None or not tick.interval_s or not complete:
            return
        self.samples.append(
            _Sample(
                interval_start=tick.at_monotonic - tick.interval_s,
                at=tick.at_monotonic,
                total_cpu=total,
                busy_threads=busy_threads([t for _, t in tick.all_threads()]),
                busy_processes=sum(
                    1 for p in tick.processes if (p.cpu_percent or 0.0) >= GIL_BUSY_THREAD_PERCENT
                ),
            )
        )

    def _samples(self, phase: _Phase) -> list[_Sample]:
        end = float("inf") if phase.ended_at is None else phase.ended_at + END_SLACK_S
        return [s for s in self.samples if s.interval_start >= phase.started_at and s.at <= end]

    def average(self, phase: _Phase) -> float | None:
        """The family's mean CPU % over the ticks that lie inside a phase."""
        samples = self._samples(phase)
        return sum(s.total_cpu for s in samples) / len(samples) if samples else None

    def _judge(self, phase: _Phase, average: float | None, cores: int) -> tuple[Verdict, str]:
        if average is None:
            return Verdict.WAITING, "gil.measuring"
        if cores < 2:
            return Verdict.WAITING, "gil.one-core"
        parallel = min(max(phase.workers, 1), cores) * 100.0
        if phase.name == "threads":
            if average <= 135.0:
                return Verdict.AS_PREDICTED, "gil.threads.ok"
            return Verdict.UNEXPECTED, "gil.threads.unexpected"
        key = "gil.processes" if phase.name == "processes" else "gil.hashlib"
        if average >= 0.7 * parallel:
            return Verdict.AS_PREDICTED, f"{key}.ok"
        return Verdict.UNEXPECTED, f"{key}.unexpected"

    def view(self) -> LessonView:
        cores = self.last_tick.cores if self.last_tick else 1
        lines: list[Phrase] = []
        verdict, verdict_key = Verdict.WAITING, "gil.measuring"
        for phase in self.phases:
            samples = self._samples(phase)
            average = self.average(phase)
            verdict, verdict_key = self._judge(phase, average, cores)
            busy = max(
                (
                    s.busy_processes if phase.name == "processes" else s.busy_threads
                    for s in samples
                ),
                default=0,
            )
            lines.append(
                phrase(
                    "gil.phase",
                    phase=phase.name,
                    busy=busy,
                    cpu="-" if average is None else f"{average:.0f}",
                    cap=f"{cores * 100}",
                    verdict=phrase(verdict_key),
                )
            )
        return self._view(lines, verdict, phrase(verdict_key) if self.phases else None)


TEXTS = by_language(
    {
        "gil.prediction": (
            "Threads running Python share one GIL: together they use about one core. Processes "
            "each have their own GIL and use a core each. C code that releases the GIL (hashlib) "
            "lets threads use several cores.",
            "运行 Python 代码的线程共享一个 GIL：合计只用约一个核心。每个进程有自己的 GIL，"
            "各用一个核心。释放 GIL 的 C 代码（hashlib）能让线程使用多个核心。",
        ),
        "gil.phase": (
            "{phase}: {busy} busy, {cpu} % of {cap} % — {verdict}",
            "{phase}：{busy} 个忙碌，占 {cap}% 中的 {cpu}% — {verdict}",
        ),
        "gil.measuring": ("measuring…", "测量中…"),
        "gil.one-core": (
            "one core only: every phase looks alike here",
            "只有一个核心：这里各阶段看起来都一样",
        ),
        "gil.threads.ok": ("one thread runs Python at a time", "同一时刻只有一个线程在运行 Python"),
        "gil.threads.unexpected": (
            "threads went past one core: is this a free-threaded build?",
            "线程超过了一个核心：这是无 GIL（free-threaded）版本吗？",
        ),
        "gil.processes.ok": (
            "each process has its own GIL: several cores busy",
            "每个进程有自己的 GIL：多个核心都在忙",
        ),
        "gil.processes.unexpected": (
            "processes did not spread over the cores (a busy machine?)",
            "进程没有分布到各个核心（机器太忙？）",
        ),
        "gil.hashlib.ok": (
            "C code released the GIL: threads on several cores",
            "C 代码释放了 GIL：线程跑在多个核心上",
        ),
        "gil.hashlib.unexpected": (
            "the hashing threads stayed near one core (a busy machine?)",
            "哈希线程停留在约一个核心（机器太忙？）",
        ),
    }
)

register("gil", GilLesson, TEXTS, key_call="x = x ^ 1")
