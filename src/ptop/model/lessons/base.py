"""Provides the parts every lesson shares: phrases, verdicts, views and the Lesson base class."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import LessonEvent


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
    """Turns a scenario's `[lesson]` events and ptop's own measurements into a verdict.

    Subclasses override on_event, on_tick and view. Everything is pure: no I/O, no
    clock; time comes from the ticks and events.
    """

    prediction_key = "generic.prediction"

    def __init__(self) -> None:
        self.last_tick: FamilyTick | None = None

    def on_event(self, event: LessonEvent) -> None:
        """Take one `[lesson]` line from the scenario."""

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
