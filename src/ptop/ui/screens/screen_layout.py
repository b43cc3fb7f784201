"""Provides ScreenLayout: how the main screen fits its terminal (footer, scenario column)."""

from __future__ import annotations

from textual.widgets import Footer

from ptop.ui.screens.main_parts import MainScreenParts


class ScreenLayout(MainScreenParts):
    """Narrow terminals: a compact footer, and the scenario column hidden until `l`."""

    NARROW_WIDTH = 140
    """Below this many columns the scenario panel starts hidden."""

    COMPACT_FOOTER_WIDTH = 120
    """Below this many columns the footer drops its padding so that more keys fit."""

    PALETTE_KEY_WIDTH = 100
    """Below this many columns the footer leaves out `Ctrl+P palette`."""

    def fit_footer(self, footer: Footer) -> None:
        """Narrow: no padding; at 80 columns the palette's key (Ctrl+P still works) gives way."""
        footer.compact = self.size.width < self.COMPACT_FOOTER_WIDTH
        palette = self.size.width >= self.PALETTE_KEY_WIDTH
        if footer.show_command_palette != palette:
            footer.show_command_palette = palette
            if footer.is_mounted:
                footer.refresh(recompose=True)

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW_WIDTH, "-narrow")
        for footer in self.query(Footer):
            self.fit_footer(footer)
        self.update_note()

    def side_hidden(self) -> bool:
        """Whether the scenario column is out of sight."""
        if self.has_class("-narrow"):
            return not self.has_class("-show-side")
        return self.has_class("-hide-side")

    def action_toggle_side(self) -> None:
        """Show or hide the scenario panel and its output."""
        if self.has_class("-narrow"):
            self.toggle_class("-show-side")
        else:
            self.toggle_class("-hide-side")
        self.services.settings_changed()
        self.update_note()

    def action_maximize_side(self) -> None:
        """Give the scenario column, and so its output, the whole screen; again to go back."""
        self.side.toggle_maximized()
