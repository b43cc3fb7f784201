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
    pretty-printer, and ~20 ms of imports, out of ptop's start-up. It follows
    new output while scrolled to the end and stays put when scrolled up.
    """

    DEFAULT_CSS = """
    ScenarioLog { background: $surface; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, max_lines=MAX_LINES, highlight=True)
        self.highlighter = _StreamColours()

    def write_output(self, lines: Iterable[OutputLine]) -> None:
        """Append output lines, tagged with the stream they came from."""
        self.write_lines(
            (ERR_TAG if line.stream == "stderr" else OUT_TAG) + line.text for line in lines
        )

    def note(self, text: str) -> None:
        """Append a line of ptop's own (start, stop, exit code)."""
        self.write_line(NOTE_TAG + text)
