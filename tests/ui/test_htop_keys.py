"""htop's keys and the footer, help and palette that describe them (issue 9, items 10 and 11)."""

from __future__ import annotations

from textual.command import CommandPalette

from ptop.model.i18n import text
from ptop.ui.screens.help_screen import HelpScreen
from ptop.ui.screens.main_screen import MainScreen
from ptop.ui.screens.signal_dialog import SignalDialog
from ptop.ui.screens.sort_dialog import SortDialog
from ptop.ui.widgets.process_table import ProcessTable
from ptop.ui.widgets.thread_table import ThreadTable
from tests.ui.conftest import SIZE, make_app, ready, screen_text


def table(app) -> ProcessTable:
    return app.main_screen.query_one(ProcessTable)


def shown(app) -> list[int]:
    return [row.key[0] for row in table(app).rows]


def footer_line(app) -> str:
    return screen_text(app).rstrip().splitlines()[-1]


async def test_f_keys_do_what_they_do_in_htop():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f5")  # tree
        assert app.main_screen.query_state.tree
        await pilot.press("f5")
        await pilot.press("f6")  # sort-by menu, on the current column
        assert isinstance(app.screen, SortDialog)
        await pilot.press("home", "enter")  # PID, the first column
        assert not isinstance(app.screen, SortDialog)
        assert app.main_screen.query_state.sort_key == "pid"
        assert shown(app)[:2] == [1, 200]
        await pilot.press("f6", "escape")
        assert app.main_screen.query_state.sort_key == "pid"
        await pilot.press("f4", *"pool")  # filter
        assert sorted(shown(app)) == [500, 501, 502, 503]
        await pilot.press("escape")
        await pilot.press("f9")  # kill
        assert isinstance(app.screen, SignalDialog)
        await pilot.press("escape")
        await pilot.press("f1")  # help
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f10")  # quit
        await pilot.pause()
    assert app.return_code == 0


async def test_f3_search_jumps_to_matches_and_hides_nothing():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f3", *"pool")
        assert len(shown(app)) == 11  # a search filters nothing
        first = table(app).cursor_key[0]
        assert first in (500, 501, 502, 503)
        await pilot.press("f3")  # the next match
        second = table(app).cursor_key[0]
        assert second in (500, 501, 502, 503)
        assert second != first
        for _ in range(3):
            await pilot.press("f3")
        assert table(app).cursor_key[0] == first  # four matches, then round again
        await pilot.press("enter")
        assert table(app).has_focus
        assert table(app).cursor_key[0] == first
        await pilot.press("f3", *"zz-nothing")
        assert table(app).cursor_key[0] == first
        assert app.main_screen.query_one("#search").has_class("-no-match")


async def test_the_filter_line_opens_with_the_current_filter_and_types_after_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"pool", "enter")
        await pilot.press("slash")
        field = app.main_screen.query_one("#filter-input")
        assert field.value == "pool"
        await pilot.press(*".py")  # typing adds to it, never replaces it
        assert field.value == "pool.py"
        assert app.main_screen.query_state.filter_text == "pool.py"


async def test_first_p_keeps_the_busiest_on_top_and_i_inverts():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("P")
        assert shown(app)[0] == 501
        await pilot.press("I")
        assert shown(app)[-1] == 501


async def test_the_thread_pane_stays_on_its_process_when_the_order_changes():
    from ptop.sampling.replay import ReplaySampler
    from tests.factories import proc, snapshot, thread

    def tick(cpu_10: float, cpu_20: float):
        threads = {10: (thread(10, "ten"),), 20: (thread(20, "twenty"),)}
        return snapshot([proc(10, cpu=cpu_10), proc(20, cpu=cpu_20)], threads=threads)

    # 10 is busiest first; then 20 and 10 swap places at every tick.
    ticks = [tick(90.0, 80.0), tick(70.0, 95.0), tick(99.0, 60.0), tick(50.0, 99.0)]
    app = make_app(sampler=ReplaySampler(ticks))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        threads = app.main_screen.query_one(ThreadTable)
        assert [row.key for row in threads.rows] == [10]
        for _ in range(3):
            app.main_screen.sample_now()
            await pilot.pause()
            assert table(app).cursor_key[0] == 10
            assert [row.key for row in threads.rows] == [10]
        assert shown(app)[0] == 20  # 10 moved down; the cursor went with it


async def test_the_footer_shows_quit_and_help_first_at_80x24():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        footer = footer_line(app)
        assert footer.lstrip().startswith("q Quit")
        assert "F1 Help" in footer


async def test_the_footer_hides_keys_that_do_nothing_now():
    app = make_app(readonly=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        footer = footer_line(app)
        assert "Kill" not in footer  # read-only: ptop never signals
        assert "Stop" not in footer  # no scenario runs
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        assert "k Kill" in footer_line(app)


async def test_help_names_keys_as_people_write_them_with_their_i18n_text():
    app = make_app()
    async with app.run_test(size=(120, 120)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        page = screen_text(app)
        for raw in ("equals_sign", "question_mark", "backslash", "f10"):
            assert raw not in page
        for shown_key in ("+, =", "F1, ?", "/, \\, F4", "q, F10", "Space, Z", "k, F9"):
            assert shown_key in page
        assert text("key.command") in page


async def test_the_palette_offers_every_key_by_its_description():
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        titles = {str(command.title) for command in app.get_system_commands(app.screen)}
        for binding in MainScreen.BINDINGS:
            if binding.id in ("quit", "stop", "stacks"):  # Textual's Quit; nothing runs
                continue
            assert text(f"key.{binding.id}") in titles, binding.id
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"invert")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.query_state.reverse is False


async def test_keys_typed_right_after_slash_go_to_the_filter_not_the_table():
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # All queued before the first is handled, as when a fast typist's keys arrive.
        for key, char in [("slash", "/"), *[(c, c) for c in "pool"], ("t", "t")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert app.main_screen.query_one("#filter-input").value == "poolt"
        assert not app.main_screen.query_state.tree  # `t` was typed, not the tree key
