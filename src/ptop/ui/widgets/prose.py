"""Provides Prose: a Static whose text wraps Chinese as well as English, and wrap_text()."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widgets import Static

from ptop.model.line_breaks import wrap_spans


def wrap_text(text: Text, width: int) -> Text:
    """text with its lines broken to fit width cells (styles kept), or as it is for width 0."""
    if width <= 0:
        return text
    rows = [
        line[start:end]
        for line in text.split("\n", allow_blank=True)
        for start, end in wrap_spans(line.plain, width)
    ]
    return Text("\n", style=text.style).join(rows)


class Prose(Static):
    """Text wrapped by ptop.model.line_breaks at the widget's width, again on each resize.

    Textual breaks lines only at spaces: a Chinese sentence would move whole to the
    next row and leave the one before it short. Never parses markup.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._prose = Text()
        self._wrapped_at = -1
        self._rows: dict[int, int] = {}
        """Rows of the text by width (see rows_at)."""

    @property
    def prose(self) -> Text:
        """The text shown, before wrapping."""
        return self._prose

    def set_prose(self, prose: Text) -> None:
        """Show this text (the same text again costs nothing: the lesson is shown every tick)."""
        if prose == self._prose and prose.style == self._prose.style:
            return
        self._prose = prose
        self._rows.clear()
        self._wrapped_at = -1
        self._rewrap()

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.size.width
        if width != self._wrapped_at or width == 0:
            self._wrapped_at = width
            self.update(wrap_text(self._prose, width))

    def rows_at(self, width: int) -> int:
        """Rows the text takes at a width (in cells)."""
        if not self._prose.plain:
            return 0
        if width not in self._rows:
            lines = self._prose.plain.split("\n")
            self._rows[width] = sum(len(wrap_spans(line, width)) for line in lines)
        return self._rows[width]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.rows_at(width)
