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
    FilterBar.-no-match > Input { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    class Closed(Message):
        """The user is done with the filter line."""

    def __init__(
        self,
        *,
        label: str = "Filter:",
        placeholder: str = "name, command line or user (Enter keeps, Esc clears)",
        input_id: str = "filter-input",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._label, self._placeholder, self._input_id = label, placeholder, input_id

    def compose(self) -> ComposeResult:
        yield Static(self._label)
        yield Input(
            placeholder=self._placeholder, id=self._input_id, compact=True, select_on_focus=False
        )

    def open(self, value: str | None = None) -> None:
        """Show the line and type into it, after what it holds (or value), not over it."""
        self.add_class("-visible")
        field = self.query_one(Input)
        if value is not None and field.value != value:
            field.value = value
        # At once, not as focus() does (later): the keys typed right after `/` follow it.
        self.screen.set_focus(field)
        field.cursor_position = len(field.value)

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


class SearchBar(FilterBar):
    """'Search: …' as htop's F3: the screen moves the cursor to matches; nothing is hidden.

    F3 again asks for the next match (`Next`); Enter or Esc closes the line, the cursor
    stays where the search put it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3", "next_match", "Next match", show=False),
    ]

    class Next(Message):
        """The user asks for the next match."""

    def action_next_match(self) -> None:
        """Ask the screen for the next match."""
        self.post_message(self.Next())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Close the line, keep the cursor where it is."""
        event.stop()
        self.remove_class("-visible")
        self.post_message(self.Closed())
