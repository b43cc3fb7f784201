"""Provides ProcessTable: the live process list, keyed by (pid, create_time)."""

from __future__ import annotations

from collections.abc import Sequence

from ptop.model.column_layout import ColumnSpec
from ptop.model.columns import PROCESS_COLUMNS, column_title
from ptop.model.command import CommandMode, command_text
from ptop.model.query import ProcessRow, Role
from ptop.model.snapshot import ProcessKey, ProcessSample
from ptop.ui.widgets.row_table import RowTable, TableRow

_ROLE_STYLES = {
    Role.NONE: "",
    Role.SELECTED: "selected",
    Role.PARENT: "parent",
    Role.CHILD: "child",
    Role.DESCENDANT: "descendant",
}


NARROW_DROP = {"nice": 7, "ppid": 6, "time": 5, "rss": 4, "threads": 3, "user": 2, "mem": 1}
"""On a narrow table these give way, highest first, so that the command stays readable;
PID, S, CPU% and the command always show."""


class ProcessTable(RowTable):
    """Processes of one tick, marked by their relation to the highlighted process.

    Formatting every cell of every row each tick was most of the UI's cost per tick;
    a row is formatted again only when its process sample, tree prefix, marks or the
    command-line setting changed. The sampler hands over the very same sample object
    for a process whose counters did not move, so the check is usually an identity test.
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._made: dict[ProcessKey, tuple[ProcessSample, str, str, CommandMode, TableRow]] = {}

    def on_mount(self) -> None:
        self.set_language("en")

    def set_language(self, lang: str) -> None:
        """Title the columns in lang (only worded titles change: Command, USER)."""
        self.set_columns(
            [
                ColumnSpec(
                    c.key,
                    column_title("process", c.key, c.title, lang),
                    c.width,
                    c.align_right,
                    NARROW_DROP.get(c.key, 0),
                )
                for c in PROCESS_COLUMNS
            ]
        )

    def update(
        self,
        rows: Sequence[ProcessRow],
        *,
        command: CommandMode = CommandMode.SHORT,
        ended: bool = False,
    ) -> None:
        """Show the rows of a query; the cursor stays on the same process.

        ended: the rows are an ended scenario's last-seen processes: all drawn dim.
        """
        made, now_made = self._made, {}
        table_rows = []
        for row in rows:
            proc = row.process
            style = _ROLE_STYLES[row.role]
            if row.in_scenario:
                style += " scenario"
            if ended:
                style += " dim"
            if proc.status == "Z":
                style += " zombie"
            elif proc.status == "R":
                style += " running"
            key = (proc.pid, proc.create_time)
            entry = made.get(key)
            if (
                entry is not None
                and (entry[0] is proc or entry[0] == proc)
                and entry[1] == row.prefix
                and entry[2] == style
                and entry[3] is command
            ):
                table_row = entry[4]
            else:
                table_row = TableRow(key, _cells(proc, row.prefix, command), style.strip())
            now_made[key] = (proc, row.prefix, style, command, table_row)
            table_rows.append(table_row)
        self._made = now_made
        self.set_rows(table_rows)


def _cells(proc: ProcessSample, prefix: str, command: CommandMode) -> tuple[str, ...]:
    # Every cell comes from the column registry; only the command cell gains the tree
    # guide and takes the form `c` chose (one place says what a column shows).
    cells = [column.format(proc) for column in PROCESS_COLUMNS]
    cells[-1] = prefix + command_text(proc, command)
    return tuple(cells)
