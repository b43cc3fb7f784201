"""Provides ProcessTable: the live process list, keyed by (pid, create_time)."""

from __future__ import annotations

from collections.abc import Sequence

from ptop.model.columns import PROCESS_COLUMNS
from ptop.model.query import ProcessRow, Role
from ptop.ui.widgets.row_table import ColumnSpec, RowTable, TableRow

_ROLE_STYLES = {
    Role.NONE: "",
    Role.SELECTED: "selected",
    Role.PARENT: "parent",
    Role.CHILD: "child",
    Role.DESCENDANT: "descendant",
}


class ProcessTable(RowTable):
    """Processes of one tick, marked by their relation to the highlighted process."""

    def on_mount(self) -> None:
        self.set_columns(
            [ColumnSpec(c.key, c.title, c.width, c.align_right) for c in PROCESS_COLUMNS]
        )

    def update(self, rows: Sequence[ProcessRow], *, show_cmdline: bool) -> None:
        """Show the rows of a query; the cursor stays on the same process."""
        table_rows = []
        for row in rows:
            proc = row.process
            cells = []
            for column in PROCESS_COLUMNS:
                if column.key == "command":
                    text = proc.command if show_cmdline else proc.name
                    cells.append(row.prefix + text)
                else:
                    cells.append(column.format(proc))
            style = _ROLE_STYLES[row.role]
            if row.in_scenario:
                style += " scenario"
            if proc.status == "Z":
                style += " zombie"
            elif proc.status == "R":
                style += " running"
            table_rows.append(TableRow(proc.key, tuple(cells), style.strip()))
        self.set_rows(table_rows)
