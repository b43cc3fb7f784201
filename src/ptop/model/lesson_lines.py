"""Provides how a lesson reads a scenario's output: prose lines that carry their own numbers.

A scenario prints each event once, for a person, and puts the numbers a lesson needs into
that same line as ``key=value`` words, usually after a ``·``::

    task 1 starts in ForkPoolWorker-2 · pid=31671 t=0.02s

A lesson lists the lines it reads as :class:`LinePattern`\\ s, one regular expression per
event (``line("task-start", r"^task (?P<task>\\d+) starts\\b")``). The event's fields are
the pattern's named groups, then every ``key=value`` word of the line. A value may end in
a unit (``0.02s``, ``5.1ms``, ``99%``): :meth:`LessonEvent.num` reads the number in front.
Everything ptop can measure itself (CPU, threads, states, context switches) it measures.

Also read, for scripts of one's own run with ``--run``: an origin prefix (``[pid 12 tid
12]`` or ``[12]``) before the text, and the older machine form ``[lesson] EVENT key=value
...``, whatever the lesson's patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ORIGIN = re.compile(r"^\[(?:pid \d+ tid \d+|\d+)\] ")
_MACHINE = re.compile(r"^\[lesson\]\s+([a-z][a-z-]*)((?:\s+[a-z_][a-z0-9_]*=\S+)*)\s*$")
_PAIR = re.compile(r"(?<![\w.=-])([a-z_][a-z0-9_]*)=((?:[^\s,;)]|,(?=\d))+)")
"""``key=value``; a value ends before a space, or before ``,;)`` that is punctuation."""
_NUMBER = re.compile(r"[-+]?(?:\d[\d,]*)?\.?\d+(?:[eE][-+]?\d+)?")


@dataclass(frozen=True, slots=True)
class LessonEvent:
    """One line of scenario output that a lesson reads, as an event name and its fields."""

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
        """A field as a number (a unit after it is ignored), or None when missing or not one."""
        value = self.get(key)
        match = None if value is None else _NUMBER.match(value)
        if match is None:
            return None
        try:
            return float(match.group().replace(",", ""))
        except ValueError:
            return None

    def int(self, key: str) -> int | None:
        """A field as an integer, or None."""
        value = self.num(key)
        return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class LinePattern:
    """Which output lines are one event: a regular expression searched in the line's text."""

    event: str
    regex: re.Pattern[str]


def line(event: str, regex: str) -> LinePattern:
    """A LinePattern from a regular expression; its named groups become fields."""
    return LinePattern(event, re.compile(regex))


PHASE = line("phase", r"^phase (?P<name>[a-z][a-z-]*):")
"""``phase threads: 2 threads spin on x ^= 1 for 5 s · workers=2``"""
PHASE_END = line("phase-end", r"^phase (?P<name>[a-z][a-z-]*) done\b")
"""``phase threads done in 5.0 s · elapsed=5.01s cores=0.99``"""


def parse_line(
    text: str, patterns: tuple[LinePattern, ...] = (), at_monotonic: float = 0.0
) -> LessonEvent | None:
    """The event in a line of scenario output, or None when no pattern matches it."""
    body = _ORIGIN.sub("", text, count=1)
    machine = _MACHINE.match(body)
    if machine is not None:
        pairs = tuple((m.group(1), m.group(2)) for m in _PAIR.finditer(machine.group(2)))
        return LessonEvent(machine.group(1), pairs, at_monotonic)
    for pattern in patterns:
        match = pattern.regex.search(body)
        if match is None:
            continue
        groups = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
        pairs = tuple((m.group(1), m.group(2)) for m in _PAIR.finditer(body))
        return LessonEvent(pattern.event, groups + pairs, at_monotonic)
    return None
