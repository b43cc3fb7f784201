"""Provides printable() and printable_line(): other processes' text made safe to draw.

Any process can name itself (``prctl(PR_SET_NAME)``), choose its command line
and print whatever it likes, escape sequences included. Written to the terminal
as they are, those bytes would recolour the screen, move the cursor or set the
window title. Like ``ps`` and ``htop``, ptop shows every control character as
``?``, so the name stays visible, its length stays honest and nothing reaches
the terminal but text.
"""

from __future__ import annotations

import re
import unicodedata

_SGR = re.compile(r"\x1b\[[0-9;:]*m")
"""Select Graphic Rendition (colour) sequences, common in program output."""


def printable(text: str) -> str:
    """Return text with each control or invisible character shown as ``?``.

    Tabs and Unicode spaces become plain spaces; everything Python calls
    printable (letters, digits, CJK, emoji, symbols) is kept.
    """
    if text.isprintable():
        return text
    return "".join(_visible(char) for char in text)


def printable_line(text: str) -> str:
    """Return a line of program output as a terminal would mostly show it, made printable.

    Colour codes are dropped (ptop tags the stream itself), and a line that
    redraws itself with carriage returns (a progress counter) keeps only what
    was written after the last one that is followed by text.
    """
    if text.isprintable():
        return text
    if "\x1b" in text:
        text = _SGR.sub("", text)
    if "\r" in text:
        text = text.rstrip("\r").rsplit("\r", 1)[-1]
    return printable(text)


def _visible(char: str) -> str:
    if char.isprintable():
        return char
    if char == "\t" or unicodedata.category(char) == "Zs":
        return " "
    return "?"
