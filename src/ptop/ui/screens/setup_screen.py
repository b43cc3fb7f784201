"""Provides SetupScreen (F2, like htop's Setup): change the settings ptop keeps between runs.

Every change is applied at once through a callback (the main screen shows it and the
app saves it); Esc or Enter closes the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, Select, SelectionList, Static

from ptop.model.columns import PROCESS_COLUMNS, column_title
from ptop.model.i18n import text
from ptop.model.settings import ALWAYS_SHOWN_COLUMNS, Settings

LANGUAGE_NAMES = (("English", "en"), ("中文", "zh"))


class SetupScreen(ModalScreen[None]):
    """The settings, each one widget; changes go to on_change as a whole Settings."""

    BINDINGS = [  # noqa: RUF012
        Binding("escape", "close", "Close"),
        # Enter closes too (as in htop), except while a drop-down list is open.
        Binding("enter", "close", "Close", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    SetupScreen { align: center middle; }
    SetupScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SetupScreen #setup-hint { color: $text-muted; }
    SetupScreen #setup-body { height: auto; }
    SetupScreen #setup-options { width: 1fr; height: auto; }
    SetupScreen .setup-row { height: 1; margin-bottom: 1; }
    SetupScreen .setup-row Label { width: 16; }
    SetupScreen .setup-row Select { width: 1fr; }
    SetupScreen Checkbox { border: none; padding: 0; height: 1; margin-bottom: 1; }
    SetupScreen Checkbox:focus { border: none; background: $block-cursor-background; }
    SetupScreen Checkbox:focus > .toggle--label { color: $block-cursor-foreground; }
    /* An unticked box shows no X at all: with colours gone (NO_COLOR) a dim X looked ticked. */
    SetupScreen Checkbox > .toggle--button { color: $panel; }
    SetupScreen Checkbox.-on > .toggle--button { color: $text-success; }
    SetupScreen SelectionList > .selection-list--button { color: $panel; }
    SetupScreen SelectionList > .selection-list--button-highlighted { color: $panel; }
    SetupScreen #setup-columns-box { width: 34; height: auto; margin-left: 2; }
    SetupScreen SelectionList, SetupScreen SelectionList:focus {
        height: auto; max-height: 14; border: none; padding: 0;
    }
    """

    def __init__(
        self,
        settings: Settings,
        *,
        themes: Iterable[str],
        intervals: Iterable[float],
        lang: str,
        saved: bool,
        on_change: Callable[[Settings], None],
    ) -> None:
        """Build the screen.

        Args:
            settings: what is in force now.
            themes: names of the themes to offer.
            intervals: refresh intervals to offer (seconds); the current one is added.
            lang: language of the screen's own texts.
            saved: whether changes are written to the settings file (not with --no-config).
            on_change: called with the new settings after every change.
        """
        super().__init__()
        self.settings = settings
        self._themes = sorted({*themes, settings.theme})
        self._intervals = sorted({*intervals, settings.interval_s})
        self._lang = lang
        self._saved = saved
        self._on_change = on_change

    def compose(self) -> ComposeResult:
        lang = self._lang
        with Vertical():
            yield Static(f"[b]{text('setup.title', lang)}[/b] (F2)", id="setup-title")
            hint = text("setup.hint" if self._saved else "setup.hint-unsaved", lang)
            yield Static(hint, id="setup-hint", markup=False)
            with Horizontal(id="setup-body"):
                yield from self._options()
                yield from self._columns()

    def _options(self) -> ComposeResult:
        s, lang = self.settings, self._lang
        with VerticalScroll(id="setup-options"):
            yield from self._row(
                "setup.sort",
                Select(
                    [
                        (column_title("process", c.key, c.title, lang), c.key)
                        for c in PROCESS_COLUMNS
                    ],
                    value=s.sort_key,
                    allow_blank=False,
                    compact=True,
                    id="setup-sort",
                ),
            )
            yield Checkbox(text("setup.descending", lang), s.reverse, id="setup-reverse")
            yield Checkbox(text("setup.tree", lang), s.tree, id="setup-tree")
            yield from self._row(
                "setup.interval",
                Select(
                    [(text("setup.seconds", lang, value=f"{v:g}"), v) for v in self._intervals],
                    value=s.interval_s,
                    allow_blank=False,
                    compact=True,
                    id="setup-interval",
                ),
            )
            yield from self._row(
                "setup.theme",
                Select(
                    [(name, name) for name in self._themes],
                    value=s.theme,
                    allow_blank=False,
                    compact=True,
                    id="setup-theme",
                ),
            )
            yield from self._row(
                "setup.language",
                Select(
                    LANGUAGE_NAMES,
                    value=s.lang or lang,
                    allow_blank=False,
                    compact=True,
                    id="setup-lang",
                ),
            )
            yield Checkbox(text("setup.scenario-column", lang), s.scenario_column, id="setup-side")

    def _columns(self) -> ComposeResult:
        s, lang = self.settings, self._lang
        with Vertical(id="setup-columns-box"):
            yield Label(text("setup.columns", self._lang))
            yield SelectionList[str](
                *[
                    (
                        column_title("process", c.key, c.title, lang),
                        c.key,
                        c.key not in s.hidden_columns,
                    )
                    for c in PROCESS_COLUMNS
                    if c.key not in ALWAYS_SHOWN_COLUMNS
                ],
                id="setup-columns",
            )

    def _row(self, key: str, widget: Select[object]) -> ComposeResult:
        with Horizontal(classes="setup-row"):
            yield Label(text(key, self._lang))
            yield widget

    def on_mount(self) -> None:
        self.query_one("#setup-sort", Select).focus()

    def _read(self) -> Settings:
        """The settings the widgets show now."""
        shown = set(self.query_one("#setup-columns", SelectionList).selected)
        hidden = frozenset(
            c.key
            for c in PROCESS_COLUMNS
            if c.key not in shown and c.key not in ALWAYS_SHOWN_COLUMNS
        )
        sort_key = self.query_one("#setup-sort", Select).value
        interval = self.query_one("#setup-interval", Select).value
        theme = self.query_one("#setup-theme", Select).value
        lang = self.query_one("#setup-lang", Select).value
        s = self.settings
        return Settings(
            sort_key=sort_key if isinstance(sort_key, str) else s.sort_key,
            reverse=self.query_one("#setup-reverse", Checkbox).value,
            tree=self.query_one("#setup-tree", Checkbox).value,
            interval_s=interval if isinstance(interval, float) else s.interval_s,
            theme=theme if isinstance(theme, str) else s.theme,
            lang=lang if isinstance(lang, str) else s.lang,
            scenario_column=self.query_one("#setup-side", Checkbox).value,
            hidden_columns=hidden,
        )

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        """Apply what the user just changed."""
        new = self._read()
        if new != self.settings:
            self.settings = new
            self._on_change(new)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a drop-down list is open, Enter picks its highlighted entry.
        return not (action == "close" and any(select.expanded for select in self.query(Select)))

    def action_close(self) -> None:
        """Back to the process table."""
        self.dismiss(None)
