"""Provides ScenarioLog: the running scenario's stdout and stderr, bounded, each line tagged."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import RichLog

from ptop.launcher.scenario_process import OutputLine

MAX_LINES = 2000


class ScenarioLog(RichLog):
    """Scenario output as plain text (never markup): 'out│ …' and, in red, 'err│ …'."""

    DEFAULT_CSS = """
    ScenarioLog { background: $surface; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, max_lines=MAX_LINES, markup=False, highlight=False, wrap=False)

    def write_lines(self, lines: Iterable[OutputLine]) -> None:
        """Append output lines, tagged with the stream they came from."""
        for line in lines:
            if line.stream == "stderr":
                self.write(Text.assemble(("err│ ", "bold red"), (line.text, "red")))
            else:
                self.write(Text.assemble(("out│ ", "dim"), line.text))

    def note(self, text: str) -> None:
        """Append a line of ptop's own (start, stop, exit code)."""
        self.write(Text(f"── {text}", style="bold"))
