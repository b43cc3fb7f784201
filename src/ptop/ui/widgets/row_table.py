"""Provides RowTable: a fast Line-API table whose rows are keyed and whose cursor follows its key.

Textual's DataTable re-renders every visible cell through Rich whenever any cell
changes (about 74 ms of CPU per tick at 500 rows on a 160x50 screen). This table
draws each row as one pre-padded string and caches the finished Strip per row
content, so a tick costs a few milliseconds. Process data is never parsed as markup:
cells go out as plain Segments. Where the columns go and how a text is fitted to
them is pure layout, in ptop.model.column_layout; this widget caches and draws.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ptop.model import column_layout
from ptop.model.column_layout import CellMeasure, ColumnSpec, Placed


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row: a stable key, its cell strings and an optional style name."""

    key: Hashable
    cells: tuple[str, ...]
    style: str = ""
    """Name of a component class suffix (e.g. 'parent' → 'rowtable--parent')."""


RICH_CELLS = CellMeasure(cell_len, set_cell_size)
"""Cells counted as Textual draws them, so that a column ends where the screen shows it."""


def fit(text: str, width: int, align_right: bool) -> str:
    """Pad or cut text to exactly width cells, as Textual counts them (see column_layout.fit)."""
    return column_layout.fit(text, width, align_right, RICH_CELLS)


class RowTable(ScrollView, can_focus=True):
    """A keyed, sortable-looking table drawn with the Line API; a header stays on top.

    | Key | Action |
    | :- | :- |
    | up / down | Move the cursor. |
    | page up / page down | Move a page. |
    | home / end | First / last row. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    COMPONENT_CLASSES = {  # noqa: RUF012
        "rowtable--header",
        "rowtable--header-sorted",
        "rowtable--cursor",
        "rowtable--selected",
        "rowtable--parent",
        "rowtable--child",
        "rowtable--descendant",
        "rowtable--scenario",
        "rowtable--running",
        "rowtable--zombie",
        "rowtable--dim",
    }

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    RowTable > .rowtable--header { background: $primary 30%; text-style: bold; }
    RowTable > .rowtable--header-sorted { background: $primary 60%; text-style: bold; }
    RowTable > .rowtable--cursor { background: $accent 25%; }
    RowTable:focus > .rowtable--cursor { background: $accent; color: $text; }
    RowTable > .rowtable--selected { text-style: bold; }
    RowTable > .rowtable--parent { color: $warning; }
    RowTable > .rowtable--child { color: $success; }
    RowTable > .rowtable--descendant { color: $success 70%; }
    RowTable > .rowtable--scenario { background: $secondary 25%; }
    RowTable > .rowtable--running { text-style: bold; }
    RowTable > .rowtable--zombie { color: $error; }
    RowTable > .rowtable--dim { color: $text-muted; }
    """

    class RowHighlighted(Message):
        """The cursor moved to a row (or the row under it changed)."""

        def __init__(self, table: RowTable, key: Hashable | None) -> None:
            self.table = table
            self.key = key
            super().__init__()

        @property
        def control(self) -> RowTable:
            """The table whose cursor moved."""
            return self.table

    class HeaderClicked(Message):
        """A column title was clicked."""

        def __init__(self, table: RowTable, column_key: str) -> None:
            self.table = table
            self.column_key = column_key
            super().__init__()

        @property
        def control(self) -> RowTable:
            """The table whose header was clicked."""
            return self.table

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns: tuple[ColumnSpec, ...] = ()
        self._rows: list[TableRow] = []
        self._index: dict[Hashable, int] = {}
        self._cursor = 0
        self._cursor_key: Hashable | None = None
        self._sorted_column: str | None = None
        self._sort_reverse = False
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._layouts: dict[int, tuple[tuple[ColumnSpec, ...], list[Placed]]] = {}
        self._styles: dict[str, Style] = {}
        self._empty_message = ""
        self._hidden: frozenset[str] = frozenset()
        self.follow_top = True
        """Keep the cursor on the first row as rows change, as htop does until you move it.

        Moving the cursor with a key or a click turns this off (on again when the cursor
        lands on the first row); move_cursor_to_key turns it off: then the cursor
        follows its row wherever sorting puts it."""

    # -- data in -------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[TableRow]:
        """The rows in display order."""
        return self._rows

    @property
    def cursor_key(self) -> Hashable | None:
        """Key of the row under the cursor."""
        return self._cursor_key

    @property
    def cursor_row(self) -> int:
        """Index of the row under the cursor."""
        return self._cursor

    def set_columns(self, columns: Sequence[ColumnSpec]) -> None:
        """Replace the column layout."""
        self._columns = tuple(columns)
        self._layouts.clear()
        self._strips.clear()
        self.refresh()

    @property
    def hidden_columns(self) -> frozenset[str]:
        """Keys of the columns not drawn (the user's choice in the setup screen)."""
        return self._hidden

    def set_hidden_columns(self, keys: frozenset[str]) -> None:
        """Draw every column except these (rows keep all their cells)."""
        if keys != self._hidden:
            self._hidden = frozenset(keys)
            self._layouts.clear()
            self._strips.clear()
            self.refresh()

    def set_sort_indicator(self, column_key: str | None, reverse: bool) -> None:
        """Mark which column the rows are sorted by."""
        if (column_key, reverse) != (self._sorted_column, self._sort_reverse):
            if column_key != self._sorted_column:
                self._layouts.clear()  # a narrow table never hides the sorted column
                self._strips.clear()
                self.refresh()
            self._sorted_column, self._sort_reverse = column_key, reverse
            self.refresh(Region(0, 0, self.size.width, 1))

    def set_rows(self, rows: Sequence[TableRow]) -> None:
        """Show new rows, keeping the cursor on the same key when it still exists.

        Only the visible lines whose row (or cursor mark) changed are repainted, and a new
        row count updates the scrollbar without a layout pass of the whole screen: on an
        idle machine most lines of a tick are the same as before and cost nothing.
        """
        old_rows, old_cursor = self._rows, self._cursor
        old_top = round(self.scroll_y)
        self._rows = rows = list(rows)
        self._index = {row.key: i for i, row in enumerate(rows)}
        previous_key = self._cursor_key
        if self.follow_top:
            self._cursor = 0
        elif previous_key in self._index:
            self._cursor = self._index[previous_key]
        else:
            self._cursor = max(0, min(self._cursor, len(rows) - 1))
        self._cursor_key = rows[self._cursor].key if rows else None
        if len(self._strips) > 4 * self.size.height + 64:
            self._strips.clear()  # only lines on screen are drawn: keep about that many
        virtual_size = Size(self.size.width, len(rows) + 1)
        if virtual_size != self.virtual_size:
            # Assigning the reactive would lay out the whole screen; only the scrollbar
            # depends on the row count (and it re-lays out itself if it appears or goes).
            self.set_reactive(ScrollView.virtual_size, virtual_size)
            if self.is_mounted:
                self._scroll_update(virtual_size)
        if self._cursor_key != previous_key:
            self.post_message(self.RowHighlighted(self, self._cursor_key))
        self._scroll_cursor_visible()
        top = round(self.scroll_y)
        if top != old_top or not self.is_mounted:
            self.refresh()
            return
        self._refresh_changed_lines(old_rows, old_cursor, top)

    def _refresh_changed_lines(self, old_rows: list[TableRow], old_cursor: int, top: int) -> None:
        rows, cursor = self._rows, self._cursor
        width = self.size.width
        for y in range(1, self.size.height):
            index = top + y - 1
            old = old_rows[index] if index < len(old_rows) else None
            new = rows[index] if index < len(rows) else None
            if old is new or (old is not None and new is not None and old == new):
                if (index == old_cursor) == (index == cursor):
                    continue
            elif old is None and new is None:
                continue
            self.refresh(Region(0, y, width, 1))
        if bool(old_rows) != bool(rows):  # the empty message appears or goes
            self.refresh(Region(0, 1, width, 1))

    @property
    def empty_message(self) -> str:
        """Shown in place of rows when there are none."""
        return self._empty_message

    @empty_message.setter
    def empty_message(self, message: str) -> None:
        if message != self._empty_message:
            self._empty_message = message
            if not self._rows:
                self.refresh(Region(0, 1, self.size.width, 1))

    def move_cursor_to_key(self, key: Hashable) -> bool:
        """Put the cursor on the row with this key; False when there is none."""
        if key not in self._index:
            return False
        self.follow_top = False
        self._set_cursor(self._index[key])
        return True

    # -- cursor --------------------------------------------------------------------

    def _set_cursor(self, index: int) -> None:
        if not self._rows:
            return
        index = max(0, min(index, len(self._rows) - 1))
        old = self._cursor
        self._cursor = index
        key = self._rows[index].key
        if key != self._cursor_key:
            self._cursor_key = key
            self.post_message(self.RowHighlighted(self, key))
        self._scroll_cursor_visible()
        self._refresh_row(old)
        self._refresh_row(index)

    def _refresh_row(self, index: int) -> None:
        y = index - round(self.scroll_y) + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _scroll_cursor_visible(self) -> None:
        visible = max(1, self.size.height - 1)
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False, immediate=True)

    def _user_moves_cursor(self, index: int) -> None:
        self._set_cursor(index)
        self.follow_top = self._cursor == 0

    def action_cursor(self, delta: int) -> None:
        """Move the cursor by delta rows."""
        self._user_moves_cursor(self._cursor + delta)

    def action_page(self, direction: int) -> None:
        """Move the cursor by one page."""
        self._user_moves_cursor(self._cursor + direction * max(1, self.size.height - 2))

    def action_jump(self, index: int) -> None:
        """Move to the first (0) or last (-1) row."""
        self._user_moves_cursor(len(self._rows) - 1 if index < 0 else index)

    # -- mouse ---------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """Select the clicked row, or sort by the clicked column title."""
        if event.y == 0:
            column = self._column_at(event.x)
            if column is not None:
                self.post_message(self.HeaderClicked(self, column.key))
            return
        self._user_moves_cursor(round(self.scroll_y) + event.y - 1)

    def _column_at(self, x: int) -> ColumnSpec | None:
        return column_layout.column_at(self._layout(self.size.width), x)

    def _layout(self, width: int) -> list[Placed]:
        cached = self._layouts.get(width)
        if cached is not None and cached[0] is self._columns:
            return cached[1]
        placed = column_layout.place_columns(
            self._columns, width, self._hidden, self._sorted_column
        )
        self._layouts[width] = (self._columns, placed)
        return placed

    # -- drawing -------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Component styles are read lazily: this runs before they exist on first mount.
        self._styles = {}
        self._strips.clear()

    def _load_styles(self) -> None:
        self._styles = {
            name.removeprefix("rowtable--"): self.get_component_rich_style(name, partial=True)
            for name in self.COMPONENT_CLASSES
        }
        self._styles["base"] = self.rich_style  # walking the DOM for it is costly per line
        self._strips.clear()

    def on_resize(self) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        self._scroll_cursor_visible()

    def render_line(self, y: int) -> Strip:
        if not self._styles:
            self._load_styles()
        width = self.size.width
        if y == 0:
            return self._header(width)
        index = round(self.scroll_y) + y - 1
        if index >= len(self._rows):
            if index == 0 and self.empty_message:
                # Styled like the rows: an unstyled segment breaks NO_COLOR's monochrome filter.
                text = fit(self.empty_message, width, False)
                return Strip([Segment(text, self._styles["base"] + self._styles["dim"])], width)
            return Strip.blank(width, self._styles["base"])
        row = self._rows[index]
        is_cursor = index == self._cursor
        cache_key = (row.cells, row.style, is_cursor, width, self.has_focus)
        strip = self._strips.get(cache_key)
        if strip is None:
            strip = self._render_row(row, is_cursor, width)
            self._strips[cache_key] = strip
        return strip

    def _render_row(self, row: TableRow, is_cursor: bool, width: int) -> Strip:
        style = self._styles["base"]
        for name in row.style.split():
            style += self._styles.get(name, Style())
        if is_cursor:
            style += self._styles.get("cursor", Style())
        text = column_layout.line_text(row.cells, self._layout(width), width, RICH_CELLS)
        return Strip([Segment(text, style)], width)

    def _header(self, width: int) -> Strip:
        base = self._styles["base"] + self._styles["header"]
        sorted_style = self._styles["base"] + self._styles["header-sorted"]
        segments = []
        for column, _, w, _ in self._layout(width):
            title = column.title
            style = base
            if column.key == self._sorted_column:
                title = title + ("▼" if self._sort_reverse else "▲")
                style = sorted_style
            segments.append(Segment(fit(title, w, column.align_right and column.width > 0), style))
            segments.append(Segment(" ", base))
        return Strip(segments).adjust_cell_length(width, base)
