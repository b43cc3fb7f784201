"""Provides ScenarioLog: the running scenario's stdout and stderr, bounded, each line tagged."""

from __future__ import annotations

from collections.abc import Iterable

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Log

from ptop.launcher.scenario_process import OutputLine

MAX_LINES = 2000
OUT_TAG = "out│ "
ERR_TAG = "err│ "
NOTE_TAG = "── "
LESSON_MARK = "] [lesson] "


class _StreamColours(Highlighter):
    """Colours a line by its tag: stderr red, the stdout tag and [lesson] lines dim, notes bold."""

    def highlight(self, text: Text) -> None:
        plain = text.plain
        if plain.startswith(ERR_TAG):
            text.stylize("bold", 0, len(ERR_TAG))
            text.stylize("red")
        elif plain.startswith(OUT_TAG):
            # [lesson] lines are for ptop's lesson panel: dim, so the prose stands out.
            text.stylize("dim", 0, len(text) if LESSON_MARK in plain else len(OUT_TAG))
        elif plain.startswith(NOTE_TAG):
            text.stylize("bold")


class ScenarioLog(Log):
    """Scenario output as plain text (never markup): 'out│ …' and, in red, 'err│ …'.

    A plain `Log` rather than a `RichLog`: lines are strings (already made
    printable by the launcher) coloured by their tag, which keeps Rich's
    pretty-printer, and ~20 ms of imports, out of ptop's start-up.

    It follows new output until the user scrolls up, and again once they scroll
    back to the end. `Log` alone follows only while the view is exactly at the end,
    and the view stops being there whenever the log gets shorter (the lesson panel
    above it grows as measurements come in): the log then stayed on old lines.
    """

    DEFAULT_CSS = """
    ScenarioLog { background: $surface; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, max_lines=MAX_LINES, highlight=True)
        self.highlighter = _StreamColours()
        self._followed_y = 0.0
        """Where following the output last left the view; scrolled above it: not following."""

    def write_output(self, lines: Iterable[OutputLine]) -> None:
        """Append output lines, tagged with the stream they came from."""
        self._append(
            [(ERR_TAG if line.stream == "stderr" else OUT_TAG) + line.text for line in lines]
        )

    def note(self, text: str) -> None:
        """Append a line of ptop's own (start, stop, exit code)."""
        self._append([NOTE_TAG + text])

    @property
    def following(self) -> bool:
        """Whether new output scrolls into view (the user has not scrolled up)."""
        return self.is_vertical_scroll_end or self.scroll_y >= self._followed_y

    def _append(self, lines: list[str]) -> None:
        following = self.following
        self.write_lines(lines, scroll_end=False)
        if following:
            self._follow()

    def on_resize(self) -> None:
        if self.following:
            self._follow()

    def _follow(self) -> None:
        self.scroll_end(animate=False, immediate=True, x_axis=False)
        self._followed_y = self.max_scroll_y
