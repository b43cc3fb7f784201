"""Hints on any process: GIL-bound threads, and which thread last ran on which core."""

from __future__ import annotations

from ptop.sampling.replay import ReplaySampler
from ptop.ui.widgets.process_table import ProcessTable
from tests.factories import proc, snapshot, thread
from tests.ui.conftest import make_app, screen_text


def spinning_python(total_cpu: float):
    procs = [
        proc(1, 0, name="init", cpu=0.0),
        proc(42, 1, name="python3", cpu=total_cpu, threads=3, cmdline=("python3", "x.py")),
    ]
    threads = {
        42: (
            thread(42, "python3", cpu=0.5, core=0),
            thread(43, "Spin-0", cpu=total_cpu / 2, core=0, status="R"),
            thread(44, "Spin-1", cpu=total_cpu / 2, core=1),
        )
    }
    return snapshot(procs, threads=threads)


async def focus(pilot, app, pid):
    table = app.main_screen.query_one(ProcessTable)
    table.move_cursor_to_key(next(r.key for r in table.rows if r.key[0] == pid))
    await pilot.pause()


async def test_gil_bound_process_gets_a_marker_in_the_thread_view():
    app = make_app(sampler=ReplaySampler([spinning_python(99.0)]), lang="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await focus(pilot, app, 42)
        # The whole hint fits on the heading line beside the pid and name.
        assert "GIL-bound: 2 busy threads share one core (one runs Python at a time)" in (
            screen_text(app)
        )
        assert "descendant" not in screen_text(app)  # the legend gives the hint its line


async def test_gil_free_process_gets_no_marker():
    app = make_app(sampler=ReplaySampler([spinning_python(190.0)]), lang="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await focus(pilot, app, 42)
        assert "GIL-bound" not in screen_text(app)
        assert "descendant" in screen_text(app)


async def test_core_meter_names_the_threads_that_ran_there():
    app = make_app(sampler=ReplaySampler([spinning_python(99.0)]), lang="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await focus(pilot, app, 42)
        app.main_screen.sample_now()
        await pilot.pause()
        text = screen_text(app)
        assert "◀ Spin-0" in text
        assert "◀ Spin-1" in text
