"""Provides place_columns() and fit(): where table columns go on a line, and text fitted to them.

Pure layout for the process and thread tables (ptop.ui.widgets.row_table draws them and
caches the results). A narrow table first drops the columns that matter least (see
ColumnSpec.drop_rank) so that the flexible column (the command) stays readable.

Cells are counted as a terminal shows them: a wide (CJK) character takes two. The default
measure uses the standard library's Unicode tables; the widget passes the measure its
renderer draws with (CellMeasure), so that the two never disagree about where a column
ends: they differ on combining accents, emoji sequences and characters whose width changed
between Unicode versions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from ptop.model.line_breaks import cell_width


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """How one column is drawn: title, fixed width (0 = the rest), alignment.

    drop_rank: on a narrow table, columns with a higher rank give way first so that
    the flexible column keeps MIN_FLEX_WIDTH cells; 0 never gives way.
    """

    key: str
    title: str
    width: int
    align_right: bool = True
    drop_rank: int = 0


Placed = tuple[ColumnSpec, int, int, int]
"""A column placed on a line: (column, x, width, index of its cell in a row)."""
MIN_FLEX_WIDTH = 30
"""Cells the flexible column keeps before other columns give way (see drop_rank): enough
for `├─ PoolWorker-1: python3 pool.py` at 80 columns."""
MIN_REST_WIDTH = 4
"""The flexible column never gets fewer cells than this, even when nothing more can give way."""


def text_cells(text: str) -> int:
    """Cells text takes in a terminal, by the standard library's Unicode tables."""
    return sum(cell_width(char) for char in text)


def cut_to_cells(text: str, width: int) -> str:
    """The start of text that fills width cells; a wide character cut in half becomes a space."""
    cells = 0
    for index, char in enumerate(text):
        size = cell_width(char)
        if cells + size > width:
            return text[:index] + " " * (width - cells)
        cells += size
    return text


@dataclass(frozen=True, slots=True)
class CellMeasure:
    """How cells are counted: the length of a text, and a text cut to a number of cells.

    cut(text, width) is called only for a text longer than width and returns exactly
    width cells (a wide character cut in half becomes a space).
    """

    length: Callable[[str], int]
    cut: Callable[[str, int], str]


UNICODE_CELLS = CellMeasure(text_cells, cut_to_cells)
"""Cells by the standard library's Unicode tables (wide characters count two)."""


def fit(text: str, width: int, align_right: bool, measure: CellMeasure = UNICODE_CELLS) -> str:
    """Pad or cut text to exactly width cells (wide characters counted as two)."""
    if text.isascii():
        if len(text) > width:
            return text[:width]
        return text.rjust(width) if align_right else text.ljust(width)
    cells = measure.length(text)
    if cells > width:
        return measure.cut(text, width)
    pad = " " * (width - cells)
    return pad + text if align_right else text + pad


def place_columns(
    columns: Sequence[ColumnSpec],
    width: int,
    hidden: Collection[str] = (),
    sorted_key: str | None = None,
) -> list[Placed]:
    """Where each shown column goes on a line of width cells, one cell between columns.

    Hidden columns are left out. While the fixed columns leave the flexible one (width 0)
    fewer than MIN_FLEX_WIDTH cells, the column with the highest drop_rank goes (the
    rightmost of equal ranks); the sorted column and rank-0 columns always stay, so a
    very narrow line may still be too short (the caller cuts it).
    """
    shown = [(i, c) for i, c in enumerate(columns) if c.key not in hidden]
    flexible = any(not c.width for _, c in shown)
    while True:
        fixed = sum(c.width + 1 for _, c in shown if c.width)
        if fixed + (MIN_FLEX_WIDTH if flexible else 0) <= width:
            break
        rank, position = max(
            (0 if c.key == sorted_key else c.drop_rank, i) for i, (_, c) in enumerate(shown)
        )
        if rank == 0:
            break
        del shown[position]
    rest = max(MIN_REST_WIDTH, width - fixed)
    placed: list[Placed] = []
    x = 0
    for index, column in shown:
        w = column.width or rest
        placed.append((column, x, w, index))
        x += w + 1
    return placed


def column_at(placed: Sequence[Placed], x: int) -> ColumnSpec | None:
    """The column drawn at cell x (the gap after a column counts as that column's)."""
    for column, start, width, _ in placed:
        if start <= x < start + width + 1:
            return column
    return None


def line_text(
    cells: Sequence[str],
    placed: Sequence[Placed],
    width: int,
    measure: CellMeasure = UNICODE_CELLS,
) -> str:
    """One row's cells fitted to their placed columns: exactly width cells.

    A fixed column keeps its alignment; the flexible one is always left-aligned. A row
    with fewer cells than columns shows the missing ones blank.
    """
    parts = []
    for column, _, w, index in placed:
        text = cells[index] if index < len(cells) else ""
        parts.append(fit(text, w, column.align_right and column.width > 0, measure))
    return fit(" ".join(parts), width, False, measure)
