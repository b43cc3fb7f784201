"""Provides FilterBar: the one-line filter that `/` opens above the footer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class FilterBar(Horizontal):
    """'Filter: …' as in htop; filters the process table as you type.

    Enter keeps the filter, Esc clears it; either hands the focus back (the screen
    hears `Closed`), and an empty filter also hides the line. It is mounted the first
    time it is opened, so it costs the first frame nothing. The text field's id is
    ``filter-input``; its `Input.Changed` messages carry the filter.
    """

    DEFAULT_CSS = """
    FilterBar { display: none; dock: bottom; margin-bottom: 1; height: 1; }
    FilterBar.-visible { display: block; }
    FilterBar > Static { width: auto; padding: 0 1; text-style: bold; }
    FilterBar > Input { width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    class Closed(Message):
        """The user is done with the filter line."""

    def compose(self) -> ComposeResult:
        yield Static("Filter:")
        yield Input(
            placeholder="name, command line or user (Enter keeps, Esc clears)",
            id="filter-input",
            compact=True,
        )

    def open(self) -> None:
        """Show the line and type into it."""
        self.add_class("-visible")
        self.query_one(Input).focus()

    def action_clear_filter(self) -> None:
        """Drop the filter, hide the line, give the focus back."""
        self.query_one(Input).value = ""
        self.remove_class("-visible")
        self.post_message(self.Closed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Keep the filter (hide the line if it is empty) and give the focus back."""
        event.stop()
        if not event.value:
            self.remove_class("-visible")
        self.post_message(self.Closed())
