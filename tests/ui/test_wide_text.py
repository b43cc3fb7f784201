"""Wide (CJK) characters in names never shift the columns of the process and thread tables."""

from __future__ import annotations

import pytest
from rich.cells import get_character_cell_size
from textual.app import App, ComposeResult
from textual.strip import Strip

from ptop.sampling.replay import ReplaySampler
from ptop.ui.widgets.process_table import ProcessTable
from ptop.ui.widgets.row_table import ColumnSpec, RowTable, TableRow, fit
from ptop.ui.widgets.thread_table import ThreadTable
from tests.factories import classroom, proc, snapshot, thread
from tests.ui.conftest import make_app, ready

WIDE_PID = 900
THREAD_NAMES = (
    "主线程",  # 6 cells
    "worker-工作",  # mixed, 11 cells
    "计算线程计算线程",  # 16 cells: one more than the column, cut in the middle of a character
    "x计算线程计算线程",  # 17 cells: the cut falls between two characters
    "ＡＢＣ全角",  # fullwidth Latin letters are wide too
    "plain-ascii",
)
USERS = ("学生", "数据库管理员账户", "ab中文cd", "student")


def wide_snapshot():
    """The classroom, plus processes and threads whose names are partly Chinese."""
    processes = [
        *classroom(),
        proc(
            WIDE_PID,
            300,
            name="计算",
            cmdline=("python3", "计算进程.py", "--名字=" + "长" * 120),
            user=USERS[0],
            cpu=150.0,
            threads=len(THREAD_NAMES),
        ),
        *(
            proc(WIDE_PID + 1 + i, WIDE_PID, name=f"工作{i}", cmdline=(), user=user, cpu=140 - i)
            for i, user in enumerate(USERS[1:])
        ),
        proc(
            WIDE_PID + 10,
            WIDE_PID,
            name="mixed",
            cmdline=("x" + "中" * 200,),  # longer than any screen, odd cut
            cpu=130.0,
        ),
    ]
    threads = {
        WIDE_PID: tuple(
            thread(WIDE_PID + i, name, cpu=10.0 * i, core=i % 2)
            for i, name in enumerate(THREAD_NAMES)
        )
    }
    return snapshot(processes, threads=threads)


def cells_of(strip: Strip) -> list[str]:
    """One entry per screen cell; the second cell of a wide character is ''."""
    cells: list[str] = []
    for char in strip.text:
        cells.append(char)
        cells.extend([""] * (get_character_cell_size(char) - 1))
    return cells


def check_columns(table: RowTable, expected_rows: int) -> None:
    """Every column of every row starts at its header's cell and holds exactly its text."""
    width = table.size.width
    layout = table._layout(width)
    assert len(table.rows) >= expected_rows
    for y, row in enumerate(table.rows[: table.size.height - 1], start=1):
        strip = table.render_line(y)
        assert strip.cell_length == width, (y, strip.text)
        cells = cells_of(strip)
        assert len(cells) == width, (y, strip.text)
        for column, x, w, index in layout:
            got = cells[x : x + w]
            assert got[0] != "", f"row {y}: column {column.key} starts in a wide character"
            if x + w < width:
                assert cells[x + w] == " ", f"row {y}: column {column.key} spills over: {got}"
            if column.width:  # fixed column: exactly its own text, in place
                text = row.cells[index]
                assert "".join(got) == fit(text, w, column.align_right), (y, column.key, got)


@pytest.mark.parametrize("size", [(160, 50), (120, 36), (80, 24)])
async def test_wide_characters_keep_every_column_in_place(size):
    app = make_app(sampler=ReplaySampler([wide_snapshot()]))
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        processes = app.main_screen.query_one(ProcessTable)
        assert processes.rows[0].key[0] == WIDE_PID  # sorted by CPU: the wide ones on top
        threads = app.main_screen.query_one(ThreadTable)
        assert [row.cells[1] for row in threads.rows] == list(THREAD_NAMES)
        check_columns(processes, expected_rows=len(USERS) + 1)
        check_columns(threads, expected_rows=len(THREAD_NAMES))
        # Names cut to the column: a wide character is never cut in half.
        name_x, name_w = next(
            (x, w) for c, x, w, _ in threads._layout(threads.size.width) if c.key == "name"
        )
        names = [
            "".join(cells_of(threads.render_line(y))[name_x : name_x + name_w]) for y in (3, 4)
        ]
        assert names == ["计算线程计算线 ", "x计算线程计算线"]


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RowTable()


def header_cells(table: RowTable) -> list[str]:
    return cells_of(table.render_line(0))


async def test_wide_column_titles_and_cells_keep_the_header_in_line():
    # Chinese column titles (longer than their column, cut in the middle of a character).
    columns = [
        ColumnSpec("pid", "进程号码", 7),
        ColumnSpec("name", "线程名称很长很长的名字", 15, align_right=False),
        ColumnSpec("cpu", "处理器", 6),
        ColumnSpec("cmd", "命令", 0, align_right=False),
    ]
    app = _TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(RowTable)
        table.set_columns(columns)
        table.set_rows(
            [
                TableRow(1, ("1", "主线程", "1.0", "python3 计算.py")),
                TableRow(2, ("22", "x计算线程计算线程计算", "99.5", "长" * 40)),
                TableRow(3, ("333", "ascii-name", "-", "x" + "长" * 40)),
            ]
        )
        await pilot.pause()
        width = table.size.width
        header = header_cells(table)
        assert len(header) == width
        for column, x, w, _ in table._layout(width):
            assert header[x] != "", column.key
            if x + w < width:
                assert header[x + w] == " ", (column.key, header)
        assert "".join(header[:7]) == "进程号 "  # cut in the middle of 码: padded
        check_columns(table, expected_rows=3)
