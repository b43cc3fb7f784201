"""Provides ScenarioPanel: the list of lessons, what each teaches, and the running one's status."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.scalar import Scalar
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ptop.launcher.catalog import ScenarioInfo
from ptop.model.i18n import text
from ptop.model.paragraphs import unwrap
from ptop.ui.widgets.prose import Prose


class ScenarioPanel(Vertical):
    """Pick a scenario with Enter; read what it teaches and what to watch while it runs.

    The description box describes the running scenario while one runs, and otherwise
    the entry under the list's cursor. Its text reflows at the box's width and scrolls
    when the box is short; the column decides the box's height (see fit).
    """

    DEFAULT_CSS = """
    ScenarioPanel { height: auto; }
    ScenarioPanel > #scenario-status { height: 1; background: $secondary 30%; padding: 0 1; }
    ScenarioPanel > OptionList {
        height: 8; border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ScenarioPanel > #scenario-about {
        height: auto; max-height: 7; padding: 0 0 0 1; background: $boost;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable;
    }
    ScenarioPanel > #scenario-about > Prose { height: auto; }
    """

    class StartRequested(Message):
        """The user chose a scenario to run."""

        def __init__(self, info: ScenarioInfo) -> None:
            self.info = info
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._infos: list[ScenarioInfo] = []
        self._lang = "en"
        self._running_info: ScenarioInfo | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(text("side.idle", self._lang)), id="scenario-status")
        yield OptionList(id="scenario-list")
        with VerticalScroll(id="scenario-about"):
            yield Prose(id="scenario-about-text")

    def set_catalog(self, infos: Sequence[ScenarioInfo], lang: str = "en") -> None:
        """Show these scenarios, in teaching order, in a language (en or zh)."""
        self._infos = list(infos)
        self._lang = lang
        options = self.query_one("#scenario-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(
                Text(
                    f"{info.name:<11} {self._text(info.title, info.title_zh)}",
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                id=info.name,
            )
            for info in self._infos
        )
        if self._infos:
            index = min(highlighted if highlighted is not None else 0, len(self._infos) - 1)
            options.highlighted = index
        self._describe()

    def _text(self, english: str | None, chinese: str | None) -> str:
        if self._lang == "zh" and chinese:
            return chinese
        return english or ""

    def set_status(self, status: str, *, running: bool = False) -> None:
        """Show the status line (what runs and for how long, or how it ended)."""
        line = self.query_one("#scenario-status", Static)
        line.update(Text(status, style="bold" if running else ""), layout=False)

    def set_running(self, info: ScenarioInfo | None) -> None:
        """Describe this running scenario (None: none runs; describe the list's entry)."""
        self._running_info = info
        if info is not None:
            options = self.query_one("#scenario-list", OptionList)
            index = next(
                (i for i, known in enumerate(self._infos) if known.name == info.name), None
            )
            if index is not None:
                options.highlighted = index  # the list shows what runs, and after it ended
        self._describe()

    def _info(self, name: str | None) -> ScenarioInfo | None:
        return next((i for i in self._infos if i.name == name), None)

    def _highlighted_info(self) -> ScenarioInfo | None:
        options = self.query_one("#scenario-list", OptionList)
        index = options.highlighted
        return self._infos[index] if index is not None and index < len(self._infos) else None

    def _describe(self) -> None:
        info = self._running_info or self._highlighted_info()
        about = Text()
        if info is not None:
            if self._running_info is not None:
                about.append(text("about.running", self._lang, name=info.name) + "\n", style="bold")
            about.append(self._text(info.title, info.title_zh), style="bold")
            teaches = unwrap(self._text(info.teaches, info.teaches_zh))
            watch = unwrap(self._text(info.watch_for, info.watch_for_zh))
            parts = [("watch", watch), ("teaches", teaches)]
            if self._running_info is None:
                parts.reverse()  # before a run: what it teaches; while it runs: what to watch
            for kind, words in parts:
                if not words:
                    continue
                about.append("\n")
                if kind == "watch":
                    about.append(text("about.watch", self._lang), style="bold")
                about.append(words)
        self.query_one("#scenario-about-text", Prose).set_prose(about)
        self.query_one("#scenario-about", VerticalScroll).scroll_home(animate=False)

    def fit(self, list_rows: int, about_rows: int) -> None:
        """Give the list and the description box these many rows at most."""
        options = self.query_one("#scenario-list", OptionList)
        if options.styles.height != Scalar.from_number(max(1, list_rows)):
            options.styles.height = max(1, list_rows)
            options.call_after_refresh(options.scroll_to_highlight)  # keep the cursor in view
        self.query_one("#scenario-about", VerticalScroll).styles.max_height = max(1, about_rows)

    def about_rows(self, width: int) -> int:
        """Rows the description takes at a width (the box's padding and scrollbar included)."""
        return self.query_one("#scenario-about-text", Prose).rows_at(width - 2)

    @on(OptionList.OptionHighlighted, "#scenario-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Describe the highlighted scenario (unless one runs: that one stays described)."""
        if self._running_info is None:
            self._describe()

    @on(OptionList.OptionSelected, "#scenario-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Ask the screen to run the chosen scenario."""
        info = self._info(event.option.id)
        if info is not None:
            self.post_message(self.StartRequested(info))
