"""Provides FindLines: the process table's filter line (/) and search line (F3), for MainScreen.

The filter narrows the query as the user types; the search moves the cursor to the next
row that matches and hides nothing. Both lines are mounted once, hidden, right after the
first frame (see mount_lines).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from textual import on
from textual.actions import SkipAction
from textual.widgets import Input

from ptop.model.i18n import text
from ptop.model.query import next_match
from ptop.ui.screens.main_parts import MainScreenParts
from ptop.ui.widgets.filter_bar import FilterBar, SearchBar
from ptop.ui.widgets.process_table import ProcessTable


class FindLines(MainScreenParts):
    """The filter and search lines above the main screen's footer."""

    def __init__(self) -> None:
        super().__init__()
        self._lines_asked = False
        self._lines_mounted = asyncio.Event()
        """Set once the filter and search lines are mounted (see mount_lines)."""

    def action_filter(self) -> None:
        """Open the filter line, holding the current filter.

        A priority binding, not async: Textual hands each key to the widget focused when
        the app reads it, so `/pool` typed fast sent `pool` to the table (`t` turned the
        tree on) unless `/` moves the focus before the next key is read. In a text field
        the key is text (`scenarios/pool`), not this action.
        """
        if isinstance(self.app.focused, Input):
            raise SkipAction
        self._close_search()
        if not self.query("#filter"):  # pressed before the first frame was complete
            self.run_worker(self._open_filter_when_mounted(), group="filter-bar")
            return
        for bar in self.query("#filter").results(FilterBar):
            bar.open()  # the line holds the filter: the cursor goes after it, not over it

    async def _open_filter_when_mounted(self) -> None:
        await self.mount_lines()
        self.query_one("#filter", FilterBar).open()

    async def mount_lines(self) -> None:
        """Mount the (hidden) filter and search lines once, whoever asks first."""
        if not self._lines_asked:
            self._lines_asked = True
            lang = self.lang
            await self.mount_all(
                [
                    FilterBar(
                        label=text("filter.label", lang),
                        placeholder=text("filter.placeholder", lang),
                        id="filter",
                    ),
                    SearchBar(
                        label=text("search.label", lang),
                        placeholder=text("search.placeholder", lang),
                        input_id="search-input",
                        id="search",
                    ),
                ]
            )
            self._lines_mounted.set()
        await self._lines_mounted.wait()

    def _close_search(self) -> None:
        for bar in self.query(SearchBar):
            bar.remove_class("-visible")

    def action_search(self) -> None:
        """Open the search line (htop's F3): the cursor jumps to matches, nothing is hidden."""
        for other in self.query("#filter"):
            other.remove_class("-visible")  # the filter still applies; it shows again after
        if not self.query(SearchBar):  # pressed before the first frame was complete
            self.run_worker(self._open_search_when_mounted(), group="search-bar")
            return
        for bar in self.query(SearchBar):
            bar.open()

    async def _open_search_when_mounted(self) -> None:
        await self.mount_lines()
        self.query_one(SearchBar).open()

    @on(Input.Changed, "#search-input")
    def _search_changed(self, event: Input.Changed) -> None:
        """Jump to the first match from the cursor on, as the user types."""
        self._jump_to_match(event.value, start_after_cursor=False)

    def on_search_bar_next(self) -> None:
        """F3 in the search line: the next match after the cursor, wrapping around."""
        self._jump_to_match(self.query_one("#search-input", Input).value, start_after_cursor=True)

    def _jump_to_match(self, needle: str, *, start_after_cursor: bool) -> None:
        bar = self.query_one(SearchBar)
        if not needle.strip():
            bar.set_class(False, "-no-match")
            return
        table = self.query_one(ProcessTable)
        start = table.cursor_row + (1 if start_after_cursor else 0)
        row = next_match(self.shown_rows, needle, start)
        if row is not None:
            table.move_cursor_to_key(row.process.key)
        bar.set_class(row is None, "-no-match")

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self.set_query(replace(self.query_state, filter_text=event.value))

    def on_filter_bar_closed(self, _: FilterBar.Closed) -> None:
        """Back to the table, with or without a filter (a kept filter stays on show)."""
        for field in self.query("#filter-input").results(Input):
            if field.value:  # (the filter's own Changed message may still be on its way)
                self.query_one("#filter").add_class("-visible")
        self.set_focus(self.query_one(ProcessTable))  # at once: the next key may be `/`
