"""The main screen driven with Pilot over fixed snapshots."""

from __future__ import annotations

import gc
import signal

from ptop.model.columns import PROCESS_COLUMNS
from ptop.ui.screens.help_screen import HelpScreen
from ptop.ui.screens.signal_dialog import SignalDialog
from ptop.ui.widgets.process_table import ProcessTable
from ptop.ui.widgets.thread_table import ThreadTable
from tests.ui.conftest import SIZE, make_app, ready, screen_text


def table(app) -> ProcessTable:
    return app.main_screen.query_one(ProcessTable)


def shown(app) -> list[int]:
    return [row.key[0] for row in table(app).rows]


def style_of(app, pid: int) -> str:
    return next(row.style for row in table(app).rows if row.key[0] == pid)


async def put_cursor_on(pilot, app, pid: int) -> None:
    key = next(row.key for row in table(app).rows if row.key[0] == pid)
    assert table(app).move_cursor_to_key(key)
    await pilot.pause()


async def test_default_view_sorted_by_cpu(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown(app)[:3] == [501, 502, 600]
        assert table(app).cursor_key[0] == 501


async def test_htop_sort_letters(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("P")  # the first P on the default CPU% sort keeps it descending
        assert shown(app)[:3] == [501, 502, 600]
        await pilot.press("M")
        assert shown(app)[0] == 600
        await pilot.press("N")
        assert shown(app)[:3] == [1, 200, 300]
        await pilot.press("N")  # as in htop, the same letter again keeps the order ...
        assert shown(app)[:3] == [1, 200, 300]
        await pilot.press("I")  # ... and I inverts it
        assert shown(app)[0] == 800
        await pilot.press("T")
        assert shown(app)[0] == 600  # 1h02 of CPU time
        await pilot.press("P")
        assert shown(app)[0] == 501


async def test_clicking_a_header_sorts_by_that_column(app):
    async with app.run_test(size=SIZE) as pilot:
        x = 0
        for column in PROCESS_COLUMNS:
            if column.key == "pid":
                break
            x += column.width + 1
        await pilot.click("#processes", offset=(x + 2, 0))
        assert app.main_screen.query_state.sort_key == "pid"
        assert shown(app)[:2] == [1, 200]
        await pilot.click("#processes", offset=(x + 2, 0))
        assert shown(app)[0] == 800


async def test_cursor_stays_on_pid_after_resort_and_filter(app):
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, app, 700)
        for key in ("M", "N", "T", "t", "P"):
            await pilot.press(key)
            assert table(app).cursor_key[0] == 700, key
        await pilot.press("slash", *"tricky")
        assert shown(app) == [700]
        await pilot.press("escape")
        assert len(shown(app)) == 11
        assert table(app).cursor_key[0] == 700
        assert table(app).has_focus
        assert not app.main_screen.query_one("#filter").display


async def test_filter_as_you_type(app):
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not app.main_screen.query_one("#filter").display  # there, hidden until `/`
        await pilot.press("slash", *"pool")
        assert app.main_screen.query_one("#filter").display
        assert sorted(shown(app)) == [500, 501, 502, 503]
        await pilot.press("enter")  # keeps the filter, back to the table
        assert table(app).has_focus
        assert sorted(shown(app)) == [500, 501, 502, 503]
        assert app.main_screen.query_one("#filter").display  # still says what is filtered
        await pilot.press("slash", *["backspace"] * 4, "enter")
        assert len(shown(app)) == 11
        assert not app.main_screen.query_one("#filter").display


async def test_tree_view(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert shown(app)[:3] == [1, 600, 800]  # siblings keep the CPU% order
        cells = {row.key[0]: row.cells[-1] for row in table(app).rows}
        assert cells[501].strip().startswith(("├─", "│", "└─"))
        await pilot.press("t")
        assert shown(app)[0] == 501


async def test_family_of_the_highlighted_process_is_marked(app):
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, app, 500)
        assert "selected" in style_of(app, 500)
        assert "parent" in style_of(app, 300)
        for child in (501, 502, 503):
            assert "child" in style_of(app, child)
        assert style_of(app, 700) == ""
        await pilot.press("f")
        assert sorted(shown(app)) == [300, 500, 501, 502, 503]
        await pilot.press("f")
        assert len(shown(app)) == 11


async def test_thread_table_follows_the_cursor(app):
    async with app.run_test(size=SIZE) as pilot:
        threads = app.main_screen.query_one(ThreadTable)
        await put_cursor_on(pilot, app, 600)
        assert [row.key for row in threads.rows] == [600, 1600, 1601, 1602]
        assert threads.rows[1].cells[1] == "Thread-1 (_hand"
        await put_cursor_on(pilot, app, 700)
        app.main_screen.sample_now()
        await pilot.pause()
        assert threads.rows == []


async def test_kill_dialog_confirm_sends_to_pid_and_create_time(app):
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, app, 600)
        await pilot.press("k")
        assert isinstance(app.screen, SignalDialog)
        await pilot.press("enter")  # first signal: TERM
        await pilot.press("y")
        assert app.signaller.calls == [((600, 1600.0), signal.SIGTERM)]
        assert not isinstance(app.screen, SignalDialog)


async def test_kill_dialog_cancel_sends_nothing(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        await pilot.press("escape")
        await pilot.press("k", "down", "down", "down", "enter")  # KILL chosen...
        await pilot.press("n")  # ...but not confirmed
        assert app.signaller.calls == []


async def test_readonly_refuses_to_signal():
    app = make_app(readonly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        assert not isinstance(app.screen, SignalDialog)
        assert app.signaller.calls == []


async def test_help_screen_lists_keys_columns_and_states(app):
    async with app.run_test(size=(120, 120)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for needle in ("Keys", "Tree", "CPU%", "TIME+", "VCSW", "zombie", "exceed"):
            assert needle in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_markup_in_a_command_line_is_shown_literally(app):
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, app, 700)
        assert "[/bold] [red]boom[/red]" in screen_text(app)


async def test_pause_stops_sampling_and_resumes():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        assert app.main_screen.paused
        await pilot.press("Z")
        assert not app.main_screen.paused


async def test_interval_keys_change_the_refresh(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        assert app.interval_s == 2.0
        await pilot.press("minus", "minus")
        assert app.interval_s == 0.5


async def test_small_terminal_still_works(app):
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.pause()
        await pilot.press("down", "t", "M")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert table(app).cursor_key is not None


async def test_a_renamed_process_shows_its_name_before_its_command_line():
    from ptop.sampling.replay import ReplaySampler
    from tests.factories import proc, snapshot

    worker = proc(42, 1, name="PoolWorker-1", cmdline=("/usr/bin/python3", "pool.py"))
    app = make_app(sampler=ReplaySampler([snapshot([proc(1, 0), worker])]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cells = {row.key[0]: row.cells[-1] for row in table(app).rows}
        assert cells[42] == "PoolWorker-1: python3 pool.py"
        await pilot.press("c")  # the full command line
        cells = {row.key[0]: row.cells[-1] for row in table(app).rows}
        assert cells[42] == "PoolWorker-1: /usr/bin/python3 pool.py"
        await pilot.press("c")  # the process name only
        cells = {row.key[0]: row.cells[-1] for row in table(app).rows}
        assert cells[42] == "PoolWorker-1"
        await pilot.press("c")  # back to program and script names
        cells = {row.key[0]: row.cells[-1] for row in table(app).rows}
        assert cells[42] == "PoolWorker-1: python3 pool.py"


async def test_collection_paused_for_start_up_resumes_after_the_first_frame():
    # `ptop` pauses the garbage collector until its first frame is on screen.
    gc.disable()
    frozen_before = gc.get_freeze_count()
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()
        gc.enable()


async def test_start_up_leaves_a_running_collector_alone():
    frozen_before = gc.get_freeze_count()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen_before


async def test_cursor_stays_on_the_top_row_until_the_user_moves_it():
    from ptop.sampling.replay import ReplaySampler
    from tests.factories import proc, snapshot

    # First tick: no CPU% yet. Then 30 gets busy, then 20 overtakes it.
    ticks = [
        snapshot([proc(10, cpu=None), proc(20, cpu=None), proc(30, cpu=None)]),
        snapshot([proc(10, cpu=1.0), proc(20, cpu=5.0), proc(30, cpu=50.0)]),
        snapshot([proc(10, cpu=1.0), proc(20, cpu=90.0), proc(30, cpu=50.0)]),
        snapshot([proc(10, cpu=99.0), proc(20, cpu=90.0), proc(30, cpu=50.0)]),
    ]
    app = make_app(sampler=ReplaySampler(ticks))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.main_screen.sample_now()
        await pilot.pause()
        assert table(app).cursor_key[0] == 30  # the busiest, not whatever was first
        await pilot.press("down")  # the user picks 20 ...
        assert table(app).cursor_key[0] == 20
        app.main_screen.sample_now()
        await pilot.pause()
        assert shown(app)[0] == 20
        app.main_screen.sample_now()
        await pilot.pause()
        assert shown(app)[0] == 10
        assert table(app).cursor_key[0] == 20  # ... and the cursor follows it


async def test_an_empty_table_says_why(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"nosuchthing")
        assert shown(app) == []
        assert "no process matches 'nosuchthing'" in screen_text(app)
        await pilot.press("escape")
        assert len(shown(app)) == 11
        assert "no process matches" not in screen_text(app)


async def test_before_the_first_sample_the_table_says_it_is_reading():
    import threading

    from ptop.sampling.replay import ReplaySampler
    from tests.ui.conftest import classroom_snapshot

    release = threading.Event()

    class SlowFirstSample(ReplaySampler):
        def sample(self, detail_pids=()):
            release.wait(10)  # the first tick reads every command line: it takes a while
            return super().sample(detail_pids)

    app = make_app(sampler=SlowFirstSample([classroom_snapshot()]))
    app.live = True  # sample in the worker thread, as ptop does
    async with app.run_test(size=SIZE) as pilot:
        await app.main_screen.ready.wait()
        assert "reading processes…" in screen_text(app)
        release.set()
        for _ in range(50):
            await pilot.pause(0.05)
            if shown(app):
                break
        assert len(shown(app)) == 11
        assert "reading processes…" not in screen_text(app)


async def test_the_thread_heading_keeps_its_text_and_drops_the_legend_when_narrow():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Threads of pid 501 (python3): 4" in screen_text(app)
        assert "descendant" in screen_text(app)  # room for the legend
        await pilot.press("l")  # the lesson column takes 48 columns
        await pilot.pause()
        assert "Threads of pid 501 (python3): 4" in screen_text(app)
        assert "descendant" not in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert "descendant" in screen_text(app)


async def test_a_narrow_table_drops_minor_columns_not_the_command():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        header = table(app).render_line(0).text
        for title in ("PPID", "NI", "RSS", "TIME+", "Command"):
            assert title in header  # 100 columns: everything fits
        await pilot.press("l")  # the lesson column leaves the table 51 columns
        await pilot.pause()
        header = table(app).render_line(0).text
        assert "Command" in header
        assert "PID" in header
        assert "CPU%" in header
        assert "NI" not in header.split()
        assert "PPID" not in header
        row = table(app).render_line(1).text
        assert "python3 pool.py" in row  # the command stays readable
        await pilot.press("T")  # sorted by TIME+: that column comes back
        await pilot.pause()
        assert "TIME+" in table(app).render_line(0).text


async def test_no_color_draws_the_empty_table_line(monkeypatch):
    # NO_COLOR makes Textual filter every segment to monochrome; an unstyled one crashed it.
    from ptop.sampling.replay import ReplaySampler
    from tests.factories import snapshot

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sampler=ReplaySampler([snapshot([])]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown(app) == []
        assert "no process in this view" in screen_text(app)
