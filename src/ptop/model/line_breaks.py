"""Provides wrap_spans(): where to break a line of English or Chinese to fit a width in cells.

Textual and Rich break lines only at spaces, so a Chinese sentence, which has none, is
one long "word": it jumps whole to the next row, leaving the previous row short (a
lone `✔` above `与预测一致：…`), and is then cut wherever the row ends. Chinese may
break between any two characters, except before closing punctuation (，。：）…) and
after opening punctuation (（“…), the basic rule every Chinese typesetter follows.
"""

from __future__ import annotations

import unicodedata

NO_BREAK_BEFORE = frozenset("，。、；：？！）」』】》〉”’…,.;:?!)]}%")
"""Punctuation that never starts a row."""
NO_BREAK_AFTER = frozenset("（「『【《〈“‘([{")
"""Punctuation that never ends a row."""


def cell_width(char: str) -> int:
    """Cells a character takes in a terminal: 2 for wide (CJK) characters, else 1."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _can_break_before(text: str, index: int) -> bool:
    """Whether a row may end just before text[index] (spaces there are dropped)."""
    before, after = text[index - 1], text[index]
    if after == " ":
        return before != " "
    if before == " ":
        return False  # the break is taken before the spaces
    if after in NO_BREAK_BEFORE or before in NO_BREAK_AFTER:
        return False
    return _wide(before) or _wide(after)


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each row of one line of text wrapped to width cells.

    Spaces at a break are dropped; a leading indentation is kept; a word longer
    than the width is cut. Empty text gives one empty row.
    """
    width = max(width, 2)  # a wide character needs two cells
    spans: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while True:
        cells, index, last_break = 0, start, 0
        while index < length:
            cells += cell_width(text[index])
            if cells > width:
                break
            index += 1
            if index < length and _can_break_before(text, index):
                last_break = index
        if index >= length:
            spans.append((start, length))
            return spans
        if text[index] == " " and index > start:
            end = index
        elif last_break > start:
            end = last_break
        else:
            end = max(index, start + 1)  # nowhere to break: cut the word
        spans.append((start, len(text[:end].rstrip(" ")) if text[start:end].strip() else end))
        start = end
        while start < length and text[start] == " ":
            start += 1
        if start >= length:
            return spans


def wrap_lines(text: str, width: int) -> list[str]:
    """Text (paragraphs separated by newlines) wrapped to width cells, one string per row."""
    rows: list[str] = []
    for line in text.split("\n"):
        rows.extend(line[start:end] for start, end in wrap_spans(line, width))
    return rows
