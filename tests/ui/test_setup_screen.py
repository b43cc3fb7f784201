"""Settings in the running app: applied at start, changed with F2, saved, and NO_COLOR."""

from __future__ import annotations

import tomllib

from textual.widgets import Checkbox, Select, SelectionList

from ptop.model.settings import Settings
from ptop.settings_file import SettingsFile
from ptop.ui.screens.setup_screen import SetupScreen
from ptop.ui.widgets.process_table import ProcessTable
from tests.ui.conftest import SIZE, make_app, ready, screen_text


def table(app) -> ProcessTable:
    return app.main_screen.query_one(ProcessTable)


def shown(app) -> list[int]:
    return [row.key[0] for row in table(app).rows]


def header(app) -> str:
    return table(app).render_line(0).text


async def test_start_settings_are_applied():
    app = make_app(
        settings=Settings(
            sort_key="pid",
            reverse=False,
            theme="nord",
            scenario_column=False,
            hidden_columns=frozenset({"ppid", "nice"}),
        )
    )
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert shown(app)[:3] == [1, 200, 300]
        assert app.theme == "nord"
        assert app.main_screen.has_class("-hide-side")
        assert "PPID" not in header(app)
        assert "NI" not in header(app)
        assert "PID▲" in header(app)
        assert "Command" in header(app)


async def test_only_pids_and_only_user_limit_the_table():
    app = make_app(only_pids=frozenset({500, 600}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert sorted(shown(app)) == [500, 600]
    app = make_app(only_user="root")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert sorted(shown(app)) == [1, 200]


async def test_hidden_columns_leave_the_others_aligned():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        before = table(app).render_line(1).text
        app.main_screen.apply_settings(
            Settings(hidden_columns=frozenset({"ppid", "user", "command"}))
        )
        await pilot.pause()
        line = table(app).render_line(1).text
        assert line != before
        assert "Command" in header(app)  # the command cannot be hidden
        assert header(app).split()[:2] == ["PID", "S"]
        assert table(app).hidden_columns == frozenset({"ppid", "user"})


async def test_f2_changes_apply_at_once_and_are_saved(tmp_path):
    file = SettingsFile(tmp_path / "ptop.toml")
    app = make_app(settings_file=file)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        assert isinstance(app.screen, SetupScreen)
        app.screen.query_one("#setup-sort", Select).value = "mem"
        await pilot.pause()
        assert app.main_screen.query_state.sort_key == "mem"
        assert shown(app)[0] == 600
        app.screen.query_one("#setup-tree", Checkbox).value = True
        columns = app.screen.query_one("#setup-columns", SelectionList)
        columns.deselect("ppid")
        await pilot.pause()
        assert app.main_screen.query_state.tree is True
        assert "PPID" not in header(app)
        await pilot.press("enter")
        assert not isinstance(app.screen, SetupScreen)
    saved = tomllib.loads(file.path.read_text())
    assert saved["sort_key"] == "mem"
    assert saved["tree"] is True
    assert saved["hidden_columns"] == ["ppid"]
    assert file.load()[1] is None


async def test_escape_closes_setup_and_enter_in_an_open_list_picks_an_entry():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.press("space")  # open the sort list
        select = app.screen.query_one("#setup-sort", Select)
        assert select.expanded
        await pilot.press("up", "enter")
        assert isinstance(app.screen, SetupScreen)
        assert not select.expanded
        assert app.main_screen.query_state.sort_key == "threads"  # the entry above CPU%
        await pilot.press("escape")
        assert not isinstance(app.screen, SetupScreen)


async def test_keys_are_saved_but_command_line_choices_only_when_changed(tmp_path):
    file = SettingsFile(tmp_path / "ptop.toml")
    in_file = Settings(sort_key="mem", theme="nord")
    file.save(in_file)
    # `ptop -s PID` for this run: the file still says MEM%.
    app = make_app(
        settings=Settings(sort_key="pid", reverse=False, theme="nord"),
        settings_file=file,
        saved_settings=in_file,
    )
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")  # tree on: a change the user made
        await pilot.press("plus")  # slower refresh
    saved = tomllib.loads(file.path.read_text())
    assert saved["tree"] is True
    assert saved["interval_s"] == 2.0
    assert saved["sort_key"] == "mem"


async def test_nothing_is_written_without_a_settings_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PTOP_CONFIG", str(tmp_path / "ptop.toml"))
    app = make_app()  # as with --no-config
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t", "M")
        await pilot.press("f2")
        app.screen.query_one("#setup-tree", Checkbox).value = False
        await pilot.pause()
    assert not (tmp_path / "ptop.toml").exists()


async def test_a_settings_warning_is_shown_once_the_screen_is_up():
    app = make_app(settings_warning="settings file /x/ptop.toml: not valid TOML")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages == ["settings file /x/ptop.toml: not valid TOML"]


async def test_an_unknown_theme_in_the_file_keeps_the_default():
    app = make_app(settings=Settings(theme="no-such-theme"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.theme == "textual-dark"


async def test_no_color_draws_the_empty_table_without_crashing(monkeypatch):
    # Textual's NO_COLOR filter needs a style on every segment: the empty-table line had
    # none and ptop crashed at start (AttributeError) before its first sample.
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(only_pids=frozenset({99999}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.no_color
        await pilot.pause()
        assert "no process in this view" in screen_text(app)
    assert app.return_code in (None, 0)


async def test_a_theme_chosen_in_the_palette_is_saved(tmp_path):
    file = SettingsFile(tmp_path / "ptop.toml")
    app = make_app(settings_file=file)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert file.load()[0].theme == "nord"


async def test_every_setting_is_on_screen_at_80x24():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        for widget in [
            *screen.query(Select),
            *screen.query(Checkbox),
            *screen.query(SelectionList),
        ]:
            region = widget.region
            assert region.height >= 1, widget.id
            assert region.right <= 80, widget.id
            assert region.bottom <= 24, widget.id
        columns = screen.query_one(SelectionList)
        assert columns.region.height == columns.option_count  # no column scrolled away
