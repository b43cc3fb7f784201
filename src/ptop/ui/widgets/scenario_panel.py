"""Provides ScenarioPanel: the list of lessons, what each teaches, and the running one's status."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ptop.launcher.catalog import ScenarioInfo


class ScenarioPanel(Vertical):
    """Pick a scenario with Enter; read what it teaches and what to watch while it runs."""

    DEFAULT_CSS = """
    ScenarioPanel { height: auto; }
    ScenarioPanel > #scenario-status { height: 1; background: $secondary 30%; padding: 0 1; }
    ScenarioPanel > OptionList { height: 8; border: none; padding: 0; }
    ScenarioPanel > #scenario-about { height: 7; padding: 0 1; background: $boost; }
    ScenarioPanel.-running > OptionList { height: 4; }
    ScenarioPanel.-running > #scenario-about { display: none; }
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

    def compose(self) -> ComposeResult:
        yield Static(Text("Scenarios: Enter runs, x stops"), id="scenario-status")
        yield OptionList(id="scenario-list")
        with VerticalScroll(id="scenario-about"):
            yield Static(id="scenario-about-text")

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
            self._show_about(self._infos[index])

    def _text(self, english: str | None, chinese: str | None) -> str:
        if self._lang == "zh" and chinese:
            return chinese
        return english or ""

    def set_status(self, text: str, *, running: bool = False) -> None:
        """Show the status line (what runs, its exit code, for how long)."""
        status = self.query_one("#scenario-status", Static)
        status.update(Text(text, style="bold" if running else ""), layout=False)

    def _info(self, name: str | None) -> ScenarioInfo | None:
        return next((i for i in self._infos if i.name == name), None)

    def _show_about(self, info: ScenarioInfo) -> None:
        text = Text()
        text.append(self._text(info.title, info.title_zh) + "\n", style="bold")
        teaches = self._text(info.teaches, info.teaches_zh)
        if teaches:
            text.append(teaches + "\n")
        watch = self._text(info.watch_for, info.watch_for_zh)
        if watch:
            text.append("观察：" if self._lang == "zh" else "Watch: ", style="bold")
            text.append(watch)
        self.query_one("#scenario-about-text", Static).update(text)

    @on(OptionList.OptionHighlighted, "#scenario-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Describe the highlighted scenario."""
        info = self._info(event.option.id)
        if info is not None:
            self._show_about(info)

    @on(OptionList.OptionSelected, "#scenario-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Ask the screen to run the chosen scenario."""
        info = self._info(event.option.id)
        if info is not None:
            self.post_message(self.StartRequested(info))
