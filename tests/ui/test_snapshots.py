"""SVG snapshot tests of the main views (pytest-textual-snapshot; plain def tests by design).

Update after an intended UI change with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tests.ui.conftest import SIZE, make_app, ready


async def _focus_pool_parent(pilot) -> None:
    from ptop.ui.widgets.process_table import ProcessTable

    await ready(pilot)
    table = pilot.app.main_screen.query_one(ProcessTable)
    table.move_cursor_to_key(next(r.key for r in table.rows if r.key[0] == 500))
    await pilot.pause()


class TestMainViews:
    def test_main_view(self, snap_compare):
        assert snap_compare(make_app(), run_before=ready, terminal_size=SIZE)

    def test_tree_view_with_family(self, snap_compare):
        assert snap_compare(
            make_app(), press=["t"], run_before=_focus_pool_parent, terminal_size=SIZE
        )

    def test_help_screen(self, snap_compare):
        assert snap_compare(make_app(), press=["f1"], run_before=ready, terminal_size=SIZE)

    def test_signal_dialog(self, snap_compare):
        assert snap_compare(make_app(), press=["k"], run_before=ready, terminal_size=SIZE)
