"""Provides ScreenSettings: the main screen's side of the settings (F2 and ptop.toml).

apply_settings() shows a Settings (at start-up and from the setup screen);
current_settings() reads back what the screen shows, which the app saves when it changed.
"""

from __future__ import annotations

from dataclasses import replace

from ptop.model.i18n import LANGUAGES
from ptop.model.settings import ALWAYS_SHOWN_COLUMNS, Settings
from ptop.ui.screens.main_parts import MainScreenParts
from ptop.ui.widgets.process_table import ProcessTable


class ScreenSettings(MainScreenParts):
    """Settings in and out of the main screen."""

    def apply_start_settings(self) -> None:
        """Show the settings this run starts with, and the -p/-u limits of the command line."""
        self.query_state = replace(
            self.query_state, only_pids=self.services.only_pids, only_user=self.services.only_user
        )
        self.apply_settings(self.services.settings)

    def apply_settings(self, settings: Settings) -> None:
        """Show these settings now (start-up and the setup screen).

        A theme this Textual does not have is left as it is.
        """
        self.services.interval_s = settings.interval_s
        self.wake_sampler()
        if settings.theme in self.app.available_themes and settings.theme != self.app.theme:
            self.app.theme = settings.theme
        self.set_class(not settings.scenario_column, "-hide-side")
        table = self.query_one(ProcessTable)
        table.set_hidden_columns(settings.hidden_columns - ALWAYS_SHOWN_COLUMNS)
        for _ in range(len(LANGUAGES)):
            if settings.lang is None or settings.lang == self.services.lang:
                break
            self.action_toggle_language()
        self.set_query(
            replace(
                self.query_state,
                sort_key=settings.sort_key,
                reverse=settings.reverse,
                tree=settings.tree,
            )
        )

    def current_settings(self) -> Settings:
        """The settings as the screen shows them now."""
        query = self.query_state
        return Settings(
            sort_key=query.sort_key,
            reverse=query.reverse,
            tree=query.tree,
            interval_s=self.services.interval_s,
            theme=self.app.theme,
            lang=self.services.lang,
            scenario_column=not self.has_class("-hide-side"),
            hidden_columns=self.query_one(ProcessTable).hidden_columns,
        )
