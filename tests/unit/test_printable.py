"""printable() and printable_line(): text from other processes never reaches the terminal raw."""

from __future__ import annotations

import pytest

from ptop.model.printable import printable, printable_line


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("bash", "bash"),
        ("python3 -m http.server", "python3 -m http.server"),
        ("进程 名字 😀 café", "进程 名字 😀 café"),
        ("\x1b[41mEVIL\x1b[0m", "?[41mEVIL?[0m"),
        ("\x1b]2;title\x07", "?]2;title?"),
        ("line\nbreak\rreturn", "line?break?return"),
        ("tab\tsep", "tab sep"),
        ("wide\u3000space", "wide space"),
        ("right\u202eto-left override", "right?to-left override"),
        ("del\x7f c1\x9b", "del? c1?"),
        ("", ""),
    ],
)
def test_printable_shows_control_characters_as_question_marks(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert len(printable(raw)) == len(raw)  # one cell of evidence per character


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain output", "plain output"),
        ("\x1b[1;31mred\x1b[0m text", "red text"),
        ("\x1b[38;2;255;0;0mtruecolour\x1b[m", "truecolour"),
        ("step 1\rstep 2\rstep 3", "step 3"),
        ("done\r", "done"),
        ("\x1b]2;title\x07after", "?]2;title?after"),
        ("\x1b[2J\x1b[Hclear", "?[2J?[Hclear"),
    ],
)
def test_printable_line_drops_colours_and_keeps_what_a_terminal_shows_last(
    raw: str, shown: str
) -> None:
    assert printable_line(raw) == shown


def test_nothing_non_printable_survives_any_code_point() -> None:
    every = "".join(chr(c) for c in range(0x3000))
    for text in (printable(every), printable_line(every)):
        assert text.isprintable()
