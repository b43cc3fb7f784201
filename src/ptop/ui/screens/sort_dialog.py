"""Provides SortDialog: htop's F6 "Sort by" list of the process columns."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ptop.model.columns import PROCESS_COLUMNS, column_title
from ptop.model.i18n import text


class SortDialog(ModalScreen[str | None]):
    """Returns the key of the chosen column, or None when cancelled."""

    BINDINGS = [  # noqa: RUF012
        Binding("escape,f6", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = """
    SortDialog { align: center middle; }
    SortDialog > Vertical {
        width: 46; height: auto; max-height: 90%; border: round $primary; background: $surface;
        padding: 0 1;
    }
    SortDialog OptionList { height: auto; max-height: 16; }
    SortDialog #sort-hint { color: $text-muted; }
    """

    def __init__(self, current: str, lang: str = "en") -> None:
        super().__init__()
        self._current = current
        self._lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(text("sort.title", self._lang), style="bold"))
            yield OptionList(
                *[
                    Option(
                        Text(column_title("process", column.key, column.title, self._lang)),
                        id=column.key,
                    )
                    for column in PROCESS_COLUMNS
                ],
                id="sort-columns",
            )
            yield Static(text("sort.hint", self._lang), id="sort-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [column.key for column in PROCESS_COLUMNS]
        if self._current in keys:
            options.highlighted = keys.index(self._current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Sort by the chosen column."""
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without changing the sort."""
        self.dismiss(None)
