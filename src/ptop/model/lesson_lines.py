"""Provides the parser of `[lesson]` lines: numbers only a scenario knows, printed for ptop.

A scenario prints lines such as
``[pid 12 tid 12] [lesson] round phase=unlocked n=1 expected=2000000 got=1734567 lost=265433``:
an event word, then key=value pairs whose values contain no spaces. Everything ptop
can measure itself (CPU, threads, states, context switches, pids) it measures itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LESSON = re.compile(r"\[lesson\]\s+([a-z][a-z-]*)((?:\s+[a-z_][a-z0-9_]*=\S+)*)\s*$")
_PAIR = re.compile(r"([a-z_][a-z0-9_]*)=(\S+)")


@dataclass(frozen=True, slots=True)
class LessonEvent:
    """One `[lesson]` line."""

    event: str
    fields: tuple[tuple[str, str], ...]
    at_monotonic: float = 0.0

    def get(self, key: str) -> str | None:
        """The raw value of a field, or None."""
        for name, value in self.fields:
            if name == key:
                return value
        return None

    def num(self, key: str) -> float | None:
        """A field as a number, or None when missing or not numeric."""
        value = self.get(key)
        if value is None:
            return None
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return None

    def int(self, key: str) -> int | None:
        """A field as an integer, or None."""
        value = self.num(key)
        return None if value is None else int(value)


def parse_lesson_line(text: str, at_monotonic: float = 0.0) -> LessonEvent | None:
    """Return the lesson event in a line of scenario output, or None if it has none."""
    if "[lesson]" not in text:
        return None
    match = _LESSON.search(text)
    if match is None:
        return None
    pairs = tuple((m.group(1), m.group(2)) for m in _PAIR.finditer(match.group(2)))
    return LessonEvent(match.group(1), pairs, at_monotonic)
