"""Provides CounterLesson: lost updates without a lock, none with it, and what the lock costs."""

from __future__ import annotations

from dataclasses import dataclass

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import PHASE, LessonEvent, line
from ptop.model.lessons.base import Lesson, LessonView, Phrase, Verdict, phrase
from ptop.model.lessons.registry import by_language, register


@dataclass(slots=True)
class _Rounds:
    rounds: int = 0
    bad: int = 0
    lost: int = 0
    seconds: float = 0.0
    switches_per_s: float | None = None
    """Measured by ptop over the ticks that fell inside the phase."""
    reported_switches: int = 0
    reported_seconds: float = 0.0
    """The workers' own voluntary switches (switches=) over their rounds' time."""

    def rate(self) -> float | None:
        """Voluntary switches per second: the rounds' own count when they report one.

        A phase of short rounds (0.2 s each, 1 s in all) may hold no whole refresh,
        so ptop's per-tick count cannot be split between it and the next phase; the
        workers read the same kernel counters per round.
        """
        if self.reported_seconds > 0:
            return self.reported_switches / self.reported_seconds
        return self.switches_per_s


class CounterLesson(Lesson):
    """Expected vs got per round, and the threads' context-switch rate per phase."""

    prediction_key = "counter.prediction"
    reads = (
        PHASE,
        # unlocked round 1: expected 2,000,000, got 1,533,285: ... · elapsed=0.22s switches=80
        line(
            "round",
            r"^(?P<phase>[a-z]+) round (?P<n>\d+): expected (?P<expected>-?[\d,]+),"
            r" got (?P<got>-?[\d,]+)",
        ),
    )

    def __init__(self) -> None:
        super().__init__()
        self.phases: dict[str, _Rounds] = {}
        self.current: str | None = None
        self.last: LessonEvent | None = None
        self._switches: dict[int, int] = {}
        self._phase_switches = 0
        self._phase_seconds = 0.0

    def on_event(self, event: LessonEvent) -> None:
        if event.event == "phase":
            self.current = event.get("name")
            self.phases.setdefault(self.current or "?", _Rounds())
            self._phase_switches, self._phase_seconds = 0, 0.0
        elif event.event == "round":
            name = event.get("phase") or self.current or "?"
            rounds = self.phases.setdefault(name, _Rounds())
            expected, got = event.int("expected"), event.int("got")
            lost = event.int("lost")
            if lost is None and expected is not None and got is not None:
                lost = expected - got
            rounds.rounds += 1
            rounds.bad += 1 if lost else 0
            rounds.lost += abs(lost or 0)
            elapsed, switches = event.num("elapsed") or 0.0, event.int("switches")
            rounds.seconds += elapsed
            if switches is not None and elapsed > 0:
                rounds.reported_switches += switches
                rounds.reported_seconds += elapsed
            self.last = event

    def on_tick(self, tick: FamilyTick) -> None:
        previous = self._switches
        current: dict[int, int] = {}
        for _, thread in tick.all_threads():
            if thread.voluntary_ctx_switches is not None:
                current[thread.tid] = thread.voluntary_ctx_switches
        if self.current in self.phases and tick.interval_s and previous:
            delta = sum(max(0, n - previous.get(tid, n)) for tid, n in current.items())
            self._phase_switches += delta
            self._phase_seconds += tick.interval_s
            if self._phase_seconds > 0:
                self.phases[self.current].switches_per_s = (
                    self._phase_switches / self._phase_seconds
                )
        self._switches = current
        super().on_tick(tick)

    def view(self) -> LessonView:
        lines: list[Phrase] = []
        if self.last is not None:
            lines.append(
                phrase(
                    "counter.last-round",
                    phase=self.last.get("phase") or "?",
                    expected=f"{self.last.int('expected') or 0:,}",
                    got=f"{self.last.int('got') or 0:,}",
                )
            )
        verdict, key = Verdict.WAITING, "counter.waiting"
        for name, rounds in self.phases.items():
            per_s = rounds.rate()
            rate = "-" if per_s is None else f"{per_s:,.0f}"
            lines.append(
                phrase(
                    "counter.phase",
                    phase=name,
                    bad=rounds.bad,
                    rounds=rounds.rounds,
                    lost=f"{rounds.lost:,}",
                    switches=rate,
                )
            )
            if rounds.rounds == 0:
                continue
            if name == "unlocked":
                verdict, key = (
                    (Verdict.AS_PREDICTED, "counter.unlocked.ok")
                    if rounds.bad
                    else (Verdict.UNEXPECTED, "counter.unlocked.none")
                )
            elif name == "locked":
                verdict, key = (
                    (Verdict.AS_PREDICTED, "counter.locked.ok")
                    if not rounds.bad
                    else (Verdict.UNEXPECTED, "counter.locked.bad")
                )
            elif name == "tutorial":
                verdict, key = (
                    (Verdict.AS_PREDICTED, "counter.tutorial.ok")
                    if not rounds.bad
                    else (Verdict.AS_PREDICTED, "counter.tutorial.drift")
                )
        plain, locked = self.phases.get("unlocked"), self.phases.get("locked")
        if plain and locked and plain.rounds and locked.rounds and plain.seconds > 0:
            slowdown = (locked.seconds / locked.rounds) / (plain.seconds / plain.rounds)
            lines.append(phrase("counter.cost", slowdown=f"{slowdown:.1f}"))
        return self._view(lines, verdict, phrase(key))


TEXTS = by_language(
    {
        "counter.prediction": (
            "Two threads doing balance = add(balance, 1) lose updates: both read the old value, "
            "both write. A Lock makes it correct, at a cost.",
            "两个线程执行 balance = add(balance, 1) 会丢失更新：两者读到旧值，又都写回。"
            "加锁（Lock）能保证正确，但有代价。",
        ),
        "counter.last-round": (
            "last round ({phase}): expected {expected}, got {got}",
            "最近一轮（{phase}）：期望 {expected}，实际 {got}",
        ),
        "counter.phase": (
            "{phase}: {bad}/{rounds} rounds wrong, {lost} updates lost; {switches} voluntary "
            "switches/s",
            "{phase}：{rounds} 轮中 {bad} 轮出错，丢失 {lost} 次更新；每秒 {switches} 次主动切换",
        ),
        "counter.waiting": ("waiting for the first round", "等待第一轮结果"),
        "counter.unlocked.ok": ("updates were lost without the lock", "不加锁时丢失了更新"),
        "counter.unlocked.none": (
            "no update lost this time; try --switch-interval 0.00001",
            "这次没有丢失更新；试试 --switch-interval 0.00001",
        ),
        "counter.locked.ok": ("with the lock every update counts", "加锁后每次更新都被计入"),
        "counter.locked.bad": (
            "updates lost even with the lock: that should never happen",
            "加锁后仍丢失更新：这本不该发生",
        ),
        "counter.tutorial.ok": (
            "the tutorial's form did not drift: on 3.10+ nothing can switch threads inside that "
            "statement (safe by accident, not by design)",
            "教程原来的写法没有出错：在 3.10+ 上该语句内部不会切换线程（碰巧安全，并非设计保证）",
        ),
        "counter.tutorial.drift": (
            "the tutorial's form drifted, as on Python 3.9 and older",
            "教程原来的写法出现了偏差，就像 Python 3.9 及更早版本",
        ),
        "counter.cost": (
            "the lock made each round {slowdown}x slower",
            "加锁使每一轮慢了 {slowdown} 倍",
        ),
    }
)

register("counter", CounterLesson, TEXTS, key_call="Lock()")
