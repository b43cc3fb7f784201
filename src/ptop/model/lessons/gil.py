"""Provides GilLesson: threads share one core; processes, and GIL-releasing C code, use them all."""

from __future__ import annotations

from dataclasses import dataclass, field

from ptop.model.family import FamilyTick
from ptop.model.hints import busy_threads
from ptop.model.lesson_lines import LessonEvent
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase

SETTLE_S = 0.8
"""Ticks this soon after a phase starts still measure the phase before it."""


@dataclass(slots=True)
class _Phase:
    name: str
    workers: int
    started_at: float
    cpu: list[float] = field(default_factory=list)
    busy: int = 0
    ended: bool = False

    @property
    def average(self) -> float | None:
        return sum(self.cpu) / len(self.cpu) if self.cpu else None


class GilLesson(Lesson):
    """Per phase: busy threads, the family's CPU against the cores there are."""

    prediction_key = "gil.prediction"

    def __init__(self) -> None:
        super().__init__()
        self.phases: list[_Phase] = []

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "phase":
            name = event.get("name") or "?"
            self.phases.append(_Phase(name, event.int("workers") or 0, event.at_monotonic))
        elif event.event == "phase-end" and self.phases:
            self.phases[-1].ended = True

    def on_tick(self, tick: FamilyTick) -> None:
        super().on_tick(tick)
        if not self.phases or self.phases[-1].ended:
            return
        phase = self.phases[-1]
        total = tick.total_cpu_percent
        if total is None or tick.at_monotonic - phase.started_at < SETTLE_S:
            return
        phase.cpu.append(total)
        phase.busy = max(
            phase.busy,
            busy_threads([t for _, t in tick.all_threads()])
            if phase.name != "processes"
            else sum(1 for p in tick.processes if (p.cpu_percent or 0) >= 15.0),
        )

    def _judge(self, phase: _Phase, cores: int) -> tuple[Verdict, str]:
        average = phase.average
        if average is None:
            return Verdict.WAITING, "gil.measuring"
        if cores < 2:
            return Verdict.WAITING, "gil.one-core"
        parallel = min(max(phase.workers, 1), cores) * 100.0
        if phase.name == "threads":
            ok = average <= 135.0
            return (
                (Verdict.AS_PREDICTED, "gil.threads.ok")
                if ok
                else (Verdict.UNEXPECTED, "gil.threads.unexpected")
            )
        ok = average >= 0.7 * parallel
        key = "gil.processes" if phase.name == "processes" else "gil.hashlib"
        return (
            (Verdict.AS_PREDICTED, f"{key}.ok") if ok else (Verdict.UNEXPECTED, f"{key}.unexpected")
        )

    def view(self) -> LessonView:
        cores = self.last_tick.cores if self.last_tick else 1
        lines: list[Phrase] = []
        verdict, verdict_key = Verdict.WAITING, "gil.measuring"
        for phase in self.phases:
            average = phase.average
            verdict, verdict_key = self._judge(phase, cores)
            lines.append(
                phrase(
                    "gil.phase",
                    phase=phase.name,
                    busy=phase.busy,
                    cpu="-" if average is None else f"{average:.0f}",
                    cap=f"{cores * 100}",
                    verdict=phrase(verdict_key),
                )
            )
        return self._view(lines, verdict, phrase(verdict_key) if self.phases else None)
