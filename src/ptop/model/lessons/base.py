"""Provides the parts every lesson shares: phrases, verdicts, views and the Lesson base class."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import LessonEvent, LinePattern, parse_line

LANGUAGES = ("en", "zh")
"""The languages a Phrase is said in: every text, ptop's and each lesson's, exists in each."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A sentence to show, as a text key and its parameters (translated at the edge)."""

    key: str
    params: tuple[tuple[str, object], ...] = ()


def phrase(key: str, **params: object) -> Phrase:
    """Build a Phrase."""
    return Phrase(key, tuple(params.items()))


class Verdict(enum.Enum):
    """Whether what happens matches what the lesson predicts."""

    WAITING = "waiting"
    AS_PREDICTED = "as-predicted"
    UNEXPECTED = "unexpected"
    ALERT = "alert"
    """Something to look at right now (a possible deadlock)."""


@dataclass(frozen=True, slots=True)
class LessonView:
    """What the lesson panel shows: the prediction, the measurements, the verdict."""

    prediction: Phrase
    lines: tuple[Phrase, ...]
    verdict: Verdict
    verdict_text: Phrase | None = None


class Lesson:
    """Turns a scenario's output lines and ptop's own measurements into a verdict.

    Subclasses list the lines they read in ``reads`` and override on_event, on_tick and
    view. Everything is pure: no I/O, no clock; time comes from the ticks and events.
    """

    prediction_key = "generic.prediction"
    reads: tuple[LinePattern, ...] = ()
    """The scenario output lines this lesson reads, one pattern per event."""

    def __init__(self) -> None:
        self.last_tick: FamilyTick | None = None

    def read_line(self, text: str, at_monotonic: float = 0.0) -> bool:
        """Take one line of the scenario's output; True when it was an event for this lesson."""
        event = parse_line(text, self.reads, at_monotonic)
        if event is None:
            return False
        self.on_event(event)
        return True

    def on_event(self, event: LessonEvent) -> None:
        """Take one event read from the scenario's output."""

    def on_tick(self, tick: FamilyTick) -> None:
        """Take one sampling tick of the scenario's family."""
        self.last_tick = tick

    def view(self) -> LessonView:
        """What to show now."""
        return LessonView(phrase(self.prediction_key), (), Verdict.WAITING)

    def _view(
        self, lines: list[Phrase], verdict: Verdict, text: Phrase | None = None
    ) -> LessonView:
        return LessonView(phrase(self.prediction_key), tuple(lines), verdict, text)
