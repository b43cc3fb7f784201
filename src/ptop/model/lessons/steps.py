"""Provides SwitchingLesson and TimingLesson: numbers per step or phase, measured side by side."""

from __future__ import annotations

from dataclasses import dataclass

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import PHASE, PHASE_END, LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase

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
