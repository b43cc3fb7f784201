"""Provides ThreadTable: threads of the highlighted process, with per-thread CPU and switches."""

from __future__ import annotations

from collections.abc import Sequence

from ptop.model.column_layout import ColumnSpec
from ptop.model.columns import THREAD_COLUMNS, column_title
from ptop.model.snapshot import ThreadSample
from ptop.ui.widgets.row_table import RowTable, TableRow


class ThreadTable(RowTable):
    """One row per OS thread (task) of a process.

    A row is formatted again only when its thread sample changed; the sampler reuses
    the sample of a thread that has not run since the last tick.
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._made: dict[int, tuple[ThreadSample, TableRow]] = {}

    def on_mount(self) -> None:
        self.set_language("en")

    def set_language(self, lang: str) -> None:
        """Title the columns in lang (only worded titles change: NAME, USER, SYS, CORE)."""
        self.set_columns(
            [
                ColumnSpec(
                    c.key, column_title("thread", c.key, c.title, lang), c.width, c.align_right
                )
                for c in THREAD_COLUMNS
            ]
        )

    def update(self, threads: Sequence[ThreadSample]) -> None:
        """Show the threads of the highlighted process."""
        made, now_made = self._made, {}
        rows = []
        for thread in threads:
            entry = made.get(thread.tid)
            if entry is not None and (entry[0] is thread or entry[0] == thread):
                row = entry[1]
            else:
                row = TableRow(
                    thread.tid,
                    tuple(column.format(thread) for column in THREAD_COLUMNS),
                    "running" if thread.status == "R" else "",
                )
            now_made[thread.tid] = (thread, row)
            rows.append(row)
        self._made = now_made
        self.set_rows(rows)
