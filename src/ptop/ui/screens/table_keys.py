"""Provides TableKeys: the keys that change how the process table is sorted and what it shows."""

from __future__ import annotations

from dataclasses import replace

from textual import on

from ptop.model.i18n import text
from ptop.ui.screens.main_parts import MainScreenParts
from ptop.ui.screens.sort_dialog import SortDialog
from ptop.ui.widgets.row_table import RowTable


class TableKeys(MainScreenParts):
    """Sort (P M T N, I, F6, a header click), tree (t), family (f), command column (c)."""

    @on(RowTable.HeaderClicked, "#processes")
    def _process_header_clicked(self, event: RowTable.HeaderClicked) -> None:
        """Sort by the clicked column; clicking the sorted column inverts it (as in htop)."""
        if event.column_key == self.query_state.sort_key:
            self.action_invert_sort()
        else:
            self.action_sort_by(event.column_key)

    def action_sort_by(self, key: str) -> None:
        """Sort by a column; the same column again reverses the order."""
        self.set_query(self.query_state.sorted_by(key))

    def action_invert_sort(self) -> None:
        """Reverse the order of the current sort column (htop's I)."""
        self.set_query(self.query_state.inverted())

    def action_sort_menu(self) -> None:
        """Choose the sort column from a list (htop's F6)."""

        def chosen(key: str | None) -> None:
            if key is not None:
                self.action_sort_by(key)

        self.app.push_screen(SortDialog(self.query_state.sort_key, self.lang), chosen)

    def action_toggle_tree(self) -> None:
        """Switch between the sorted list and the parent/child tree."""
        self.set_query(replace(self.query_state, tree=not self.query_state.tree))

    def action_toggle_family(self) -> None:
        """Show only the highlighted process, its parent and all its descendants."""
        self.set_query(replace(self.query_state, family_only=not self.query_state.family_only))
        state = "on" if self.query_state.family_only else "off"
        self.notify(text(f"msg.family-{state}", self.lang), timeout=2)

    def action_toggle_command(self) -> None:
        """Cycle the command column: short names, full command line, process name."""
        self.command_mode = self.command_mode.next()
        self.notify(text(f"command.{self.command_mode.value}", self.lang), timeout=3)
        self.refresh_tables()
