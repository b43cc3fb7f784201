"""Starting a scenario from the panel, its output, its family and its end (fake runner)."""

from __future__ import annotations

from collections.abc import Collection

from textual.widgets import OptionList

from ptop.model.snapshot import Snapshot
from ptop.sampling.replay import ReplaySampler
from ptop.ui.widgets.process_table import ProcessTable
from ptop.ui.widgets.scenario_log import ScenarioLog
from tests.ui.conftest import (
    CATALOG,
    classroom_snapshot,
    make_app,
    ready,
    screen_rows,
    screen_text,
)

WIDE = (160, 50)


def rows(app):
    return app.main_screen.query_one(ProcessTable).rows


async def start_pool(pilot) -> None:
    options = pilot.app.main_screen.query_one("#scenario-list", OptionList)
    options.focus()
    options.highlighted = 1  # pool
    await pilot.press("enter")
    await pilot.pause()


async def test_scenario_started_from_the_panel_has_its_family_highlighted():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        assert app.runner.started == [(CATALOG[1].path, ())]
        marked = {row.key[0] for row in rows(app) if "scenario" in row.style.split()}
        assert marked == {500, 501, 502, 503}
        # The cursor jumped to the scenario's root process.
        assert app.main_screen.query_one(ProcessTable).cursor_key[0] == 500
        assert "pool" in screen_text(app)
        assert "pid 500" in screen_text(app)


async def test_output_lines_arrive_tagged_and_exit_is_reported():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.runner.say("[pid 500 tid 500] task 0 starts [bold]")
        app.runner.say("[pid 500 tid 501] a worker thread speaks")
        app.runner.say("[pid 500 tid 500] [lesson] task-start task=0 pid=500 t=0.0")
        app.runner.say("oops", stream="stderr")
        await pilot.pause()
        log = app.main_screen.query_one(ScenarioLog)
        text = "\n".join(log.lines)
        # The scenario's [pid N tid M] tag became a short gutter; a thread other than
        # the main one shows pid/tid. "[bold]" stays text, never markup.
        assert "500│ task 0 starts [bold]" in text
        assert "500/501│ a worker thread speaks" in text
        assert "err┃ oops" in text
        assert "[pid 500" not in text
        # The [lesson] line (for the lesson panel) is hidden, and the log says how to see it.
        assert "task-start task=0" not in text
        assert "v shows them" in text
        # Drawn in colour by stream: stderr red, the gutter dim, the prose not.
        drawn = screen_rows(app, log)
        y = next(i for i, row in enumerate(drawn) if "task 0 starts" in row)
        strip = log.render_line(y)
        gutter = [seg for seg in strip if seg.text.strip() and "500" in seg.text]
        prose = [seg for seg in strip if "task 0" in seg.text]
        assert gutter
        assert all(seg.style.dim for seg in gutter)
        assert prose
        assert not any(seg.style.dim for seg in prose)
        y = next(i for i, row in enumerate(drawn) if "oops" in row)
        assert any(seg.style.color and seg.style.color.name == "red" for seg in log.render_line(y))
        app.runner.finish(0)
        await pilot.pause()
        assert "pool: ended normally" in screen_text(app)
        assert "pool ended normally (exit code 0)" in "\n".join(log.lines)
        assert not any("scenario" in row.style.split() for row in rows(app))


async def test_scenario_only_view_and_stop_key():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.main_screen.query_one(ProcessTable).focus()
        await pilot.press("s")
        assert sorted(row.key[0] for row in rows(app)) == [500, 501, 502, 503]
        app.main_screen.sample_now()  # a tick measures the family
        await pilot.pause()
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.runner.stops >= 1
        # The scenario is gone; its view keeps its family, dimmed, until the user leaves it.
        assert sorted(row.key[0] for row in rows(app)) == [500, 501, 502, 503]
        await pilot.press("s")
        assert len(rows(app)) == 11  # the whole table again


async def test_a_launched_scenario_opens_on_its_family_and_stays_after_it_ends():
    app = make_app(initial_scenario=(CATALOG[1], ()))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.main_screen.sample_now()
        await pilot.pause()
        # What `s` shows: only the family, as a tree, the cursor on its root.
        assert [row.key[0] for row in rows(app)] == [500, 501, 502, 503]
        assert app.main_screen.query_state.tree
        assert app.main_screen.query_state.scenario_only
        assert app.main_screen.query_one(ProcessTable).cursor_key[0] == 500
        assert rows(app)[0].cells[-1] == "python3 pool.py"  # not scenarios/pool.py
        assert "ended" not in screen_text(app)
        assert "Stop" in screen_text(app)  # the footer offers x Stop while it runs
        app.runner.finish(0)
        await pilot.pause()
        app.main_screen.sample_now()  # later ticks do not bring unrelated processes in
        await pilot.pause()
        assert [row.key[0] for row in rows(app)] == [500, 501, 502, 503]
        assert all("dim" in row.style.split() for row in rows(app))
        assert "pool ended: its last-seen processes, dimmed" in screen_text(app)
        assert " Stop " not in screen_text(app)  # nothing to stop any more
        await start_pool(pilot)  # another run starts: live rows again
        app.main_screen.sample_now()
        await pilot.pause()
        assert not any("dim" in row.style.split() for row in rows(app))
        assert "its last-seen processes" not in screen_text(app)


async def test_a_hidden_lesson_column_says_how_to_show_it():
    app = make_app(initial_scenario=(CATALOG[1], ()))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert not app.main_screen.query_one("#side").display
        assert "press l to show it" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert app.main_screen.query_one("#side").display
        assert "press l to show it" not in screen_text(app)


async def test_initial_scenario_starts_at_launch_in_tree_view():
    app = make_app(initial_scenario=(CATALOG[2], ("--seconds", "3")))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert app.runner.started == [(CATALOG[2].path, ("--seconds", "3"))]
        assert app.main_screen.query_state.tree
        assert app.main_screen.query_state.scenario_pid == 500


async def test_side_panel_hidden_on_narrow_screens_until_asked():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        side = app.main_screen.query_one("#side")
        assert not side.display
        await pilot.press("l")
        assert side.display


async def test_lesson_panel_follows_lesson_lines_in_both_languages():
    app = make_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        for task, pid in enumerate((501, 502, 503, 504)):
            app.runner.say(f"[pid {pid} tid {pid}] [lesson] task-start task={task} pid={pid} t=0.0")
        app.runner.say("[pid 501 tid 501] [lesson] task-end task=0 pid=501 t=3.0")
        app.runner.say("[pid 501 tid 501] [lesson] task-start task=4 pid=501 t=3.0")
        await pilot.pause()
        text = screen_text(app)
        assert "task 4 ran in pid 501" in text
        assert "as predicted" in text
        await pilot.press("L")
        await pilot.pause()
        text = screen_text(app)
        assert "与预测一致" in text
        assert app.lang == "zh"


async def test_lifecycle_of_the_family_is_logged():
    from ptop.sampling.replay import ReplaySampler
    from tests.factories import classroom, proc, snapshot

    first = snapshot(classroom(), at=1.0)
    second = snapshot([*classroom(), proc(504, 500, name="worker")], at=2.0)
    app = make_app(sampler=ReplaySampler([first, first, second]))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.main_screen.sample_now()  # the lesson's first look at the family
        app.main_screen.sample_now()  # a worker appeared since
        await pilot.pause()
        log = app.main_screen.query_one(ScenarioLog)
        assert any("started pid 504 (worker), child of 500" in line for line in log.lines)


class RecordingSampler(ReplaySampler):
    """Replays snapshots and records which pids' details the UI asked for at each tick."""

    def __init__(self, snapshots: list[Snapshot]) -> None:
        super().__init__(snapshots)
        self.detail_requests: list[frozenset[int]] = []

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        self.detail_requests.append(frozenset(detail_pids))
        return super().sample(detail_pids)


async def test_threads_are_read_for_the_highlighted_process_and_the_scenario_family():
    sampler = RecordingSampler([classroom_snapshot()])
    app = make_app(sampler=sampler)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.main_screen.sample_now()  # the lesson learns the family
        app.main_screen.sample_now()  # the next tick asks for its threads
        await pilot.pause()
        assert {500, 501, 502, 503} <= sampler.detail_requests[-1]


async def test_output_beyond_the_buffer_is_reported_as_skipped():
    from ptop import scenario_feed

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        for n in range(scenario_feed.BUFFER_LINES + 25):
            app.runner.say(f"line {n}")
        await pilot.pause()
        log = app.main_screen.query_one(ScenarioLog)
        text = "\n".join(log.lines)
        assert "25 earlier lines skipped" in text
        assert f"line {scenario_feed.BUFFER_LINES + 24}" in text


async def test_tab_moves_between_the_tables_and_the_scenario_list():
    from ptop.ui.widgets.thread_table import ThreadTable

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert isinstance(app.focused, ProcessTable)
        await pilot.press("tab")
        assert isinstance(app.focused, ThreadTable)
        await pilot.press("tab")
        assert app.focused.id == "scenario-list"


async def test_a_stack_dump_is_shown_as_text():
    # py-spy quotes the scenario's thread names, which the scenario chooses.
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.main_screen.scenarios.show_dump('Thread 7 (idle): "\x1b]2;PWNED\x07"\n    run (x.py:3)')
        await pilot.pause()
        lines = app.main_screen.query_one(ScenarioLog).lines
        assert '│ Thread 7 (idle): "?]2;PWNED?"' in lines
        assert not any("\x1b" in line for line in lines)


async def test_the_log_follows_new_output_until_the_user_scrolls_up():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        log = app.main_screen.query_one(ScenarioLog)

        async def say(count: int) -> None:
            for n in range(count):
                app.runner.say(f"line {n}")
            await pilot.pause()

        await say(60)
        assert log.max_scroll_y > 0
        assert log.scroll_y == log.max_scroll_y
        # The lesson panel above grows as measurements come in: the log gets shorter.
        log.styles.height = 8
        await pilot.pause()
        await say(3)
        assert log.scroll_y == log.max_scroll_y  # still shows the newest line
        log.scroll_to(y=5, animate=False, immediate=True)  # the user reads back
        await say(3)
        assert log.scroll_y == 5
        log.scroll_end(animate=False, immediate=True)  # and returns to the end
        await say(3)
        assert log.scroll_y == log.max_scroll_y


async def test_d_signals_the_scenario_only_through_the_injected_signaller(monkeypatch):
    # Without py-spy, D asks the scenario for its stacks with SIGUSR1: through the app's
    # signaller (a fake here), so a test never signals a real process.
    import os
    import signal

    import psutil

    real = []
    monkeypatch.setattr(os, "kill", lambda *args: real.append(args))
    monkeypatch.setattr(psutil.Process, "send_signal", lambda *args: real.append(args))
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.main_screen.scenarios.find_py_spy = lambda: None
        await start_pool(pilot)
        app.main_screen.query_one(ProcessTable).focus()
        await pilot.press("D")
        await pilot.pause()
        assert app.signaller.calls == [((500, 1500.0), signal.SIGUSR1)]
        assert real == []
        lines = app.main_screen.query_one(ScenarioLog).lines
        assert any("SIGUSR1" in line for line in lines)


async def test_a_tick_builds_the_parent_children_map_once(monkeypatch):
    # The scenario's family (lessons), the table's query and its tree all use one index.
    from ptop.model import family, index, query, tree

    calls = []
    real = tree.children_map

    def counting(processes):
        calls.append(1)
        return real(processes)

    for module in (tree, index, family, query):
        monkeypatch.setattr(module, "children_map", counting, raising=False)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        await pilot.press("t")  # tree view: the tree order needs the children too
        await pilot.pause()
        calls.clear()
        app.main_screen.sample_now()
        assert app.main_screen.scenarios.session.tick is not None  # the lesson measured it
        assert len(calls) == 1
        calls.clear()
        table = app.main_screen.query_one(ProcessTable)
        table.focus()
        before = table.cursor_key
        await pilot.press("down")  # a cursor move: roles change, the rows do not
        await pilot.pause()
        assert table.cursor_key != before
        assert calls == []


async def test_a_run_over_before_the_first_tick_keeps_its_empty_family_view_and_says_why():
    # The tutorial's fork example is done in milliseconds: no tick sees its processes.
    # The view stays on its (empty) family instead of falling back to every process.
    app = make_app(initial_scenario=(CATALOG[1], ()))
    async with app.run_test(size=(100, 30)) as pilot:  # narrow: the lesson column is hidden
        await ready(pilot)
        app.runner.finish(0)
        await pilot.pause()
        app.main_screen.sample_now()
        await pilot.pause()
        assert rows(app) == []
        shown = screen_text(app)
        assert "pool ended within one refresh, before ptop saw its processes" in shown
        assert "l: its output and lesson" in shown
        await pilot.press("s")  # leaving the view lets the ended run go
        assert len(rows(app)) == 11
