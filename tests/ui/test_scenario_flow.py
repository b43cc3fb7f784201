"""Starting a scenario from the panel, its output, its family and its end (fake runner)."""

from __future__ import annotations

from textual.widgets import OptionList

from ptop.ui.widgets.process_table import ProcessTable
from ptop.ui.widgets.scenario_log import ScenarioLog
from tests.ui.conftest import CATALOG, make_app, screen_text

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
        await start_pool(pilot)
        app.runner.say("[pid 500 tid 500] task 0 starts [bold]")
        app.runner.say("oops", stream="stderr")
        await pilot.pause()
        log = app.main_screen.query_one(ScenarioLog)
        text = "\n".join(strip.text for strip in log.lines)
        assert "out│ [pid 500 tid 500] task 0 starts [bold]" in text
        assert "err│ oops" in text
        app.runner.finish(0)
        await pilot.pause()
        assert "exited 0" in screen_text(app)
        assert not any("scenario" in row.style.split() for row in rows(app))


async def test_scenario_only_view_and_stop_key():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await start_pool(pilot)
        app.main_screen.query_one(ProcessTable).focus()
        await pilot.press("s")
        assert sorted(row.key[0] for row in rows(app)) == [500, 501, 502, 503]
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.runner.stops >= 1
        assert len(rows(app)) == 11  # scenario gone: the whole table again


async def test_initial_scenario_starts_at_launch_in_tree_view():
    app = make_app(initial_scenario=(CATALOG[2], ("--seconds", "3")))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.runner.started == [(CATALOG[2].path, ("--seconds", "3"))]
        assert app.main_screen.query_state.tree
        assert app.main_screen.query_state.scenario_pid == 500


async def test_side_panel_hidden_on_narrow_screens_until_asked():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        side = app.main_screen.query_one("#side")
        assert not side.display
        await pilot.press("l")
        assert side.display
