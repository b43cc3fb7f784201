"""Provides FilterBar: the filter line that `/` opens above the footer."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    """Filters the process table as you type; Enter keeps the filter, Esc clears it.

    It is mounted the first time it is opened, so it costs the first frame nothing.
    Either key hands the focus back (the screen hears `Closed`); an empty filter
    also hides the line.
    """

    DEFAULT_CSS = """
    FilterBar { display: none; dock: bottom; margin-bottom: 1; }
    FilterBar.-visible { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    class Closed(Message):
        """The user is done with the filter line."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="filter: name, command line or user (Enter keeps, Esc clears)", id=id
        )

    def open(self) -> None:
        """Show the line and type into it."""
        self.add_class("-visible")
        self.focus()

    def action_clear_filter(self) -> None:
        """Drop the filter, hide the line, give the focus back."""
        self.value = ""
        self.remove_class("-visible")
        self.post_message(self.Closed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Keep the filter (hide the line if it is empty) and give the focus back."""
        if not self.value:
            self.remove_class("-visible")
        self.post_message(self.Closed())
