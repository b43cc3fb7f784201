"""Provides HelpScreen: every key, column and state letter, generated from their sources."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from ptop.model.columns import PROCESS_COLUMNS, THREAD_COLUMNS, column_title
from ptop.model.i18n import text
from ptop.model.units import STATE_LETTERS

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


def documented_bindings(bindings: Iterable[Binding | object]) -> list[Binding]:
    """The bindings that have a description (what help and the palette list), in order."""
    return [b for b in bindings if isinstance(b, Binding) and b.description]


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

    def __init__(self, bindings: list[tuple[str, str]], lang: str = "en") -> None:
        super().__init__()
        self._key_rows = bindings
        self._lang = lang

    def compose(self) -> ComposeResult:
        lang = self._lang

        def words(key: str) -> str:
            return text(key, lang)

        keys = Table(title=words("help.keys"), show_header=False, expand=True, title_justify="left")
        keys.add_column(style="bold", width=16)
        keys.add_column()
        for key, description in self._key_rows:
            keys.add_row(Text(keys_label(key)), Text(description))
        tables = []
        for heading, table_columns, prefix, table in (
            ("help.process-columns", PROCESS_COLUMNS, "column", "process"),
            ("help.thread-columns", THREAD_COLUMNS, "tcolumn", "thread"),
        ):
            described = Table(title=words(heading), expand=True, title_justify="left")
            described.add_column(words("help.column"), style="bold", width=8)
            described.add_column(words("help.meaning"))
            for column in table_columns:
                described.add_row(
                    Text(column_title(table, column.key, column.title, lang)),
                    Text(words(f"{prefix}.{column.key}")),
                )
            tables.append(described)
        states = Table(
            title=words("help.states"), show_header=False, expand=True, title_justify="left"
        )
        states.add_column(style="bold", width=3)
        states.add_column()
        for letter in STATE_LETTERS:
            states.add_row(Text(letter), Text(words(f"state.{letter}")))
        colours = Text.assemble(
            (words("help.colours.title"), "bold"),
            (words("help.colours.parent"), "yellow"),
            words("help.colours.of-highlighted"),
            (words("help.colours.children"), "green"),
            words("help.colours.and"),
            (words("help.colours.descendants"), "dim green"),
            words("help.colours.rest"),
        )
        with VerticalScroll():
            yield Static(Text(words("help.title"), style="bold"))
            yield Static(keys)
            for described in tables:
                yield Static(described)
            yield Static(states)
            yield Static(colours)

    def action_close(self) -> None:
        """Close the help screen."""
        self.dismiss(None)
