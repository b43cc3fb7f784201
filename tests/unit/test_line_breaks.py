"""Line breaking for English and Chinese at a width in cells."""

from __future__ import annotations

import pytest

from ptop.model.line_breaks import cell_width, wrap_lines, wrap_spans


def cells(row: str) -> int:
    return sum(cell_width(char) for char in row)


def test_english_breaks_at_spaces_and_drops_them():
    assert wrap_lines("the pool never starts a fifth process", 16) == [
        "the pool never",
        "starts a fifth",
        "process",
    ]


def test_a_word_longer_than_the_row_is_cut():
    assert wrap_lines("/a/very/long/path/to/deadlock.py", 10) == [
        "/a/very/lo",
        "ng/path/to",
        "/deadlock.",
        "py",
    ]


def test_chinese_breaks_between_characters_and_fills_each_row():
    text = "✔ 与预测一致：工作进程被复用：进程池不会启动第五个进程"
    rows = wrap_lines(text, 20)
    assert rows[0].startswith("✔ 与预测一致")  # the mark does not stand alone
    assert "".join(rows).replace(" ", "") == text.replace(" ", "")
    assert all(cells(row) <= 20 for row in rows)
    assert all(cells(row) >= 18 for row in rows[:-1])  # no short rows before the last


@pytest.mark.parametrize("width", range(6, 30))
def test_closing_punctuation_never_starts_a_row_nor_opening_ends_one(width):
    text = "父进程有 4 个线程（进程池的管理线程），都在睡眠。任务 4 在 pid 5086 中运行。"
    rows = wrap_lines(text, width)
    assert all(cells(row) <= width for row in rows)
    assert not any(row[0] in "，。）：" for row in rows[1:])
    assert not any(row[-1] == "（" for row in rows)
    assert "".join(rows).replace(" ", "") == text.replace(" ", "")


def test_latin_words_inside_chinese_stay_whole():
    rows = wrap_lines("用 multiprocessing.get_context() 明确选择启动方式", 34)
    assert "multiprocessing.get_context()" in rows[0] + rows[1]
    assert not any(row.endswith("multi") for row in rows)


def test_indentation_is_kept_and_newlines_make_rows():
    rows = wrap_lines('  File "x.py", line 3 in run\nnext', 40)
    assert rows == ['  File "x.py", line 3 in run', "next"]


def test_empty_text_is_one_empty_row():
    assert wrap_spans("", 10) == [(0, 0)]
    assert wrap_lines("", 10) == [""]
