"""Provides HelpScreen: every key, column and state letter, generated from their sources."""

from __future__ import annotations

import re

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from ptop.model.columns import PROCESS_COLUMNS, THREAD_COLUMNS
from ptop.model.units import STATUS_MEANINGS

_KEY_NAMES = {
    "space": "Space",
    "escape": "Esc",
    "tab": "Tab",
    "enter": "Enter",
    "backslash": "\\",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
}


def key_label(key: str) -> str:
    """A key as people write it: `=` for equals_sign, `F1`, `Space`, `Ctrl+P`."""
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key_label(key.removeprefix("ctrl+")).upper()
    if re.fullmatch(r"f\d{1,2}", key):
        return key.upper()
    return format_key(key)


def keys_label(keys: str) -> str:
    """Every key of a binding (`f1,question_mark` → `F1, ?`)."""
    return ", ".join(key_label(k.strip()) for k in keys.split(","))


class HelpScreen(ModalScreen[None]):
    """What every key does and what every column means."""

    BINDINGS = [  # noqa: RUF012
        Binding("escape,q,f1,question_mark", "close", "Close help"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; height: 90%; border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, bindings: list[tuple[str, str]]) -> None:
        super().__init__()
        self._key_rows = bindings

    def compose(self) -> ComposeResult:
        keys = Table(title="Keys", show_header=False, expand=True, title_justify="left")
        keys.add_column(style="bold", width=16)
        keys.add_column()
        for key, description in self._key_rows:
            keys.add_row(Text(keys_label(key)), Text(description))
        columns = Table(title="Process columns", expand=True, title_justify="left")
        columns.add_column("Column", style="bold", width=8)
        columns.add_column("Meaning")
        for column in PROCESS_COLUMNS:
            columns.add_row(Text(column.title), Text(column.help))
        threads = Table(title="Thread columns", expand=True, title_justify="left")
        threads.add_column("Column", style="bold", width=8)
        threads.add_column("Meaning")
        for tcolumn in THREAD_COLUMNS:
            threads.add_row(Text(tcolumn.title), Text(tcolumn.help))
        states = Table(
            title="State letters (S)", show_header=False, expand=True, title_justify="left"
        )
        states.add_column(style="bold", width=3)
        states.add_column()
        for letter, meaning in STATUS_MEANINGS.items():
            states.add_row(Text(letter), Text(meaning))
        colours = Text.assemble(
            ("Row colours: ", "bold"),
            ("parent", "yellow"),
            " of the highlighted process, ",
            ("children", "green"),
            " and ",
            ("descendants", "dim green"),
            "; a tinted background marks the running scenario's family. "
            "CPU% can exceed 100 because 100 % is one core and a process's threads can "
            "run on several cores at once; the thread table shows each thread's share.",
        )
        with VerticalScroll():
            yield Static(Text("ptop help — Esc closes", style="bold"))
            yield Static(keys)
            yield Static(columns)
            yield Static(threads)
            yield Static(states)
            yield Static(colours)

    def action_close(self) -> None:
        """Close the help screen."""
        self.dismiss(None)
