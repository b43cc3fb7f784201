"""Provides unwrap(): prose hard-wrapped for a source file, made into paragraphs that reflow.

The scenario cards are docstrings wrapped at ~92 columns. Shown as they are in a
46-column box, every source line break lands mid-row and leaves ragged half-empty
rows; joined back into paragraphs, the box wraps them at its own width.
"""

from __future__ import annotations

import unicodedata


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _join(left: str, right: str) -> str:
    # Chinese (and other wide scripts) has no spaces between words: join without one.
    if left and right and (_wide(left[-1]) or _wide(right[0])):
        return left + right
    return f"{left} {right}" if left and right else left + right


def unwrap(text: str) -> str:
    """Join the lines of each paragraph (paragraphs are separated by blank lines)."""
    paragraphs: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        joined = ""
        for line in block.split("\n"):
            joined = _join(joined, line.strip())
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)
