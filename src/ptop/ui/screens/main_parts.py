"""Provides MainScreenParts: what the main screen's parts (find lines, settings, keys) share.

MainScreen is put together from a few bases, one per concern (ptop.ui.screens.find_lines,
screen_settings, table_keys, screen_layout, scenario_keys). Each works with the state and
the few methods declared here; MainScreen holds the state and implements the methods.
"""

from __future__ import annotations

from textual.screen import Screen

from ptop.model.command import CommandMode
from ptop.model.query import ProcessQuery, ProcessRow
from ptop.scenario_controller import ScenarioController
from ptop.ui.services import ScreenServices
from ptop.ui.widgets.scenario_side import ScenarioSide


class MainScreenParts(Screen[None]):
    """The state and hooks of the main screen, as its parts see them."""

    services: ScreenServices
    query_state: ProcessQuery
    """The current sort, filter, tree and family settings."""
    command_mode: CommandMode
    """What the command column shows; `c` cycles it."""
    shown_rows: list[ProcessRow]
    """The rows the table shows now."""
    side: ScenarioSide
    """The scenario column: list, lesson and output (a view)."""
    scenarios: ScenarioController
    """The running scenario, its lesson and output."""

    @property
    def lang(self) -> str:
        """The language of ptop's texts now."""
        return self.services.lang

    def set_query(self, query: ProcessQuery) -> None:
        """Show the table for another query (and save the settings it changes)."""
        raise NotImplementedError

    def refresh_tables(self) -> None:
        """Query the tick's rows again and show them."""
        raise NotImplementedError

    def update_note(self) -> None:
        """Say above the table what is not obvious (an ended family, a hidden column)."""
        raise NotImplementedError

    def wake_sampler(self) -> None:
        """Take the next sample now rather than at the next tick."""
        raise NotImplementedError

    def action_toggle_language(self) -> None:
        """Switch to the next language."""
        raise NotImplementedError
