"""Column layout without Textual: where columns go at a width, and text fitted to cells."""

from __future__ import annotations

import unicodedata

import pytest

from ptop.model.column_layout import (
    MIN_FLEX_WIDTH,
    UNICODE_CELLS,
    CellMeasure,
    ColumnSpec,
    column_at,
    cut_to_cells,
    fit,
    line_text,
    place_columns,
    text_cells,
)

COLUMNS = (
    ColumnSpec("pid", "PID", 7),
    ColumnSpec("user", "USER", 9, align_right=False, drop_rank=3),
    ColumnSpec("cpu", "CPU%", 6),
    ColumnSpec("mem", "MEM%", 5, drop_rank=2),
    ColumnSpec("time", "TIME+", 9, drop_rank=3),
    ColumnSpec("command", "Command", 0, align_right=False),
)
FIXED = 7 + 9 + 6 + 5 + 9 + 5  # widths plus one gap after each fixed column


def keys(placed):
    return [column.key for column, *_ in placed]


# -- fit -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "right", "expected"),
    [
        ("42", 5, True, "   42"),
        ("42", 5, False, "42   "),
        ("python3", 4, False, "pyth"),
        ("python3", 4, True, "pyth"),  # cut from the right whatever the alignment
        ("", 3, True, "   "),
        ("主线程", 8, False, "主线程  "),  # 6 cells + 2
        ("主线程", 8, True, "  主线程"),
        ("主线程", 6, True, "主线程"),
        ("主线程", 5, False, "主线 "),  # cut in the middle of 程: a space keeps 5 cells
        ("x主线程", 5, False, "x主线"),  # the cut falls between two characters
        ("ＡＢＣ", 4, False, "ＡＢ"),  # fullwidth Latin letters are wide too
    ],
)
def test_fit_pads_or_cuts_to_exactly_the_width_in_cells(text, width, right, expected):
    got = fit(text, width, right)
    assert got == expected
    assert text_cells(got) == width


def test_fit_counts_with_the_measure_it_is_given():
    # A measure for which combining accents take no cell (as in a terminal).
    def length(text: str) -> int:
        return sum(0 if unicodedata.combining(c) else text_cells(c) for c in text)

    def cut(text: str, width: int) -> str:
        raise AssertionError("not cut")

    zero_width_accents = CellMeasure(length, cut)
    cafe = "cafe\u0301"  # é as e + a combining accent: 4 cells on screen
    assert fit(cafe, 6, False, zero_width_accents) == cafe + "  "
    assert fit(cafe, 6, False) == cafe + " "  # the stdlib default counts the accent


def test_cut_to_cells_never_leaves_half_a_wide_character():
    assert cut_to_cells("计算线程", 3) == "计 "
    assert cut_to_cells("计算线程", 4) == "计算"
    assert cut_to_cells("ab", 0) == ""
    assert text_cells("worker-工作") == 11
    assert UNICODE_CELLS.length("工作") == 4


# -- place_columns -----------------------------------------------------------------


def test_a_wide_line_places_every_column_and_gives_the_rest_to_the_flexible_one():
    placed = place_columns(COLUMNS, 120)
    assert keys(placed) == [c.key for c in COLUMNS]
    assert [(x, w, index) for _, x, w, index in placed] == [
        (0, 7, 0),
        (8, 9, 1),
        (18, 6, 2),
        (25, 5, 3),
        (31, 9, 4),
        (41, 120 - FIXED, 5),
    ]


def test_columns_give_way_highest_drop_rank_first_rightmost_first():
    # Just enough room: nothing goes.
    assert keys(place_columns(COLUMNS, FIXED + MIN_FLEX_WIDTH)) == [c.key for c in COLUMNS]
    # One cell short: the rightmost of the rank-3 columns (TIME+) goes first.
    narrower = place_columns(COLUMNS, FIXED + MIN_FLEX_WIDTH - 1)
    assert keys(narrower) == ["pid", "user", "cpu", "mem", "command"]
    assert narrower[-1][2] == 39  # 70 cells less 31 for the fixed columns left
    # Then USER (rank 3), then MEM% (rank 2); PID and CPU% (rank 0) never go.
    assert keys(place_columns(COLUMNS, FIXED + MIN_FLEX_WIDTH - 11)) == [
        "pid",
        "cpu",
        "mem",
        "command",
    ]
    assert keys(place_columns(COLUMNS, 50)) == ["pid", "cpu", "command"]


def test_on_a_very_narrow_line_the_flexible_column_keeps_four_cells():
    placed = place_columns(COLUMNS, 10)
    assert keys(placed) == ["pid", "cpu", "command"]
    assert placed[-1][1:3] == (15, 4)  # past the line's end: the caller cuts the line


def test_the_sorted_column_never_gives_way():
    assert keys(place_columns(COLUMNS, 50, sorted_key="time")) == ["pid", "cpu", "time", "command"]


def test_hidden_columns_are_left_out_and_their_room_goes_to_the_flexible_one():
    placed = place_columns(COLUMNS, 120, hidden={"user", "mem"})
    assert keys(placed) == ["pid", "cpu", "time", "command"]
    # Each placed column still points at its own cell of a row.
    assert [index for *_, index in placed] == [0, 2, 4, 5]
    assert placed[-1][2] == 120 - (FIXED - 10 - 6)
    # Hiding a column can spare the others on a narrow line.
    width = FIXED + MIN_FLEX_WIDTH - 1
    assert keys(place_columns(COLUMNS, width, hidden={"user"})) == [
        "pid",
        "cpu",
        "mem",
        "time",
        "command",
    ]


def test_without_a_flexible_column_columns_go_only_when_they_do_not_fit():
    fixed_only = COLUMNS[:-1]
    assert keys(place_columns(fixed_only, FIXED)) == [c.key for c in fixed_only]
    assert keys(place_columns(fixed_only, FIXED - 1)) == ["pid", "user", "cpu", "mem"]


# -- column_at and line_text ---------------------------------------------------------


def test_column_at_counts_the_gap_after_a_column_as_that_column():
    placed = place_columns(COLUMNS, 120)
    assert column_at(placed, 0) == COLUMNS[0]
    assert column_at(placed, 7) == COLUMNS[0]  # the gap
    assert column_at(placed, 8) == COLUMNS[1]
    assert column_at(placed, 119) == COLUMNS[-1]
    assert column_at(placed, 121) is None


def test_a_line_is_exactly_the_width_with_every_column_in_place():
    placed = place_columns(COLUMNS, 61, hidden={"user"})
    cells = ("900", "学生", "150.0", "2.5", "0:01.00", "python3 计算进程.py --名字=" + "长" * 40)
    line = line_text(cells, placed, 61)
    assert text_cells(line) == 61
    assert line == "    900  150.0   2.5   0:01.00 python3 计算进程.py --名字=长 "  # 长 cut in half
    # The flexible column is left-aligned; a missing cell is blank.
    short = line_text(("1",), place_columns((COLUMNS[0], COLUMNS[-1]), 20), 20)
    assert short == "      1" + " " * 13


def test_a_line_longer_than_the_width_is_cut_between_wide_characters():
    placed = place_columns((ColumnSpec("name", "NAME", 0, align_right=False),), 5)
    assert placed[0][2] == 5  # the whole line
    assert line_text(("计算线程",), placed, 5) == "计算 "
