"""Provides LessonPanel: the verdict, always in view, above the prediction and measurements."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.scalar import Scalar

from ptop.model.i18n import render, text
from ptop.model.lessons.base import LessonView, Verdict
from ptop.ui.widgets.prose import Prose

_VERDICT_STYLE = {
    Verdict.WAITING: "dim",
    Verdict.AS_PREDICTED: "bold green",
    Verdict.UNEXPECTED: "bold yellow",
    Verdict.ALERT: "bold white on red",
}
MIN_DETAIL_ROWS = 2


class LessonPanel(Vertical):
    """Shows a LessonView; never parses markup (process names pass through it).

    The verdict is the point of the panel: it is pinned at the top and wraps, however
    long. The lesson's title, prediction and measurements scroll below it, following
    the newest measurement unless the reader scrolled up.
    """

    DEFAULT_CSS = """
    LessonPanel { height: auto; background: $boost; border-top: solid $secondary; }
    LessonPanel > #lesson-verdict { height: auto; padding: 0 1; }
    LessonPanel > #lesson-details {
        height: auto; max-height: 12; padding: 0 0 0 1;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable;
    }
    LessonPanel > #lesson-details > Prose { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._followed_y = 0.0
        """Where following the measurements last left the details; above it: not following."""

    def compose(self) -> ComposeResult:
        yield Prose(id="lesson-verdict")
        with VerticalScroll(id="lesson-details"):
            yield Prose(id="lesson-body")

    def show(self, title: str, view: LessonView, lang: str) -> None:
        """Render a lesson view in a language."""
        style = _VERDICT_STYLE[view.verdict]
        label = text(f"verdict.{view.verdict.value}", lang)
        if view.verdict_text is not None:
            explanation = render(view.verdict_text, lang)
            label = text("lesson.verdict", lang, label=label, explanation=explanation)
        self.query_one("#lesson-verdict", Prose).set_prose(Text(label, style=style))
        body = Text()
        body.append(text("lesson.title", lang, name=title), style="bold")
        body.append("\n" + render(view.prediction, lang), style="italic")
        for line in view.lines:
            body.append("\n• " + render(line, lang))
        following = self.following
        self.query_one("#lesson-body", Prose).set_prose(body)
        if following:
            self._follow()

    @property
    def following(self) -> bool:
        """Whether the details show the newest measurement (the reader has not scrolled up).

        The details get shorter as the verdict grows or the log needs room: the view
        then stops being at the end without the reader doing anything.
        """
        details = self.query_one("#lesson-details", VerticalScroll)
        return details.scroll_y >= min(self._followed_y, details.max_scroll_y)

    def _follow(self) -> None:
        details = self.query_one("#lesson-details", VerticalScroll)

        def to_end() -> None:
            details.scroll_end(animate=False, immediate=True)
            self._followed_y = details.max_scroll_y

        details.call_after_refresh(to_end)

    def verdict_rows(self, width: int) -> int:
        """Rows the verdict takes at a width (the panel's padding included)."""
        return self.query_one("#lesson-verdict", Prose).rows_at(width - 2)

    def details_rows(self, width: int) -> int:
        """Rows the title, prediction and measurements take at a width."""
        return self.query_one("#lesson-body", Prose).rows_at(width - 2)

    def fit_details(self, rows: int) -> None:
        """Let the title, prediction and measurements take at most rows; they scroll beyond."""
        details = self.query_one("#lesson-details", VerticalScroll)
        rows = max(MIN_DETAIL_ROWS, rows)
        if details.styles.max_height != Scalar.from_number(rows):
            following = self.following
            details.styles.max_height = rows
            if following:
                self._follow()
