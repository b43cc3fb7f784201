"""Provides ThreadTable: threads of the highlighted process, with per-thread CPU and switches."""

from __future__ import annotations

from collections.abc import Sequence

from ptop.model.columns import THREAD_COLUMNS
from ptop.model.snapshot import ThreadSample
from ptop.ui.widgets.row_table import ColumnSpec, RowTable, TableRow


class ThreadTable(RowTable):
    """One row per OS thread (task) of a process."""

    def on_mount(self) -> None:
        self.set_columns(
            [ColumnSpec(c.key, c.title, c.width, c.align_right) for c in THREAD_COLUMNS]
        )

    def update(self, threads: Sequence[ThreadSample]) -> None:
        """Show the threads of the highlighted process."""
        rows = [
            TableRow(
                t.tid,
                tuple(column.format(t) for column in THREAD_COLUMNS),
                "running" if t.status == "R" else "",
            )
            for t in threads
        ]
        self.set_rows(rows)
