"""Provides LessonPanel: the prediction, the live measurements and the verdict, in words."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ptop.model.i18n import render, text
from ptop.model.lessons.base import LessonView, Verdict

_VERDICT_STYLE = {
    Verdict.WAITING: "dim",
    Verdict.AS_PREDICTED: "bold green",
    Verdict.UNEXPECTED: "bold yellow",
    Verdict.ALERT: "bold white on red",
}


class LessonPanel(Static):
    """Shows a LessonView; never parses markup (process names pass through it)."""

    DEFAULT_CSS = """
    LessonPanel { height: auto; max-height: 20; padding: 0 1; background: $boost;
                  border-top: solid $secondary; }
    """

    def show(self, title: str, view: LessonView, lang: str) -> None:
        """Render a lesson view in a language."""
        out = Text(no_wrap=False)
        out.append(text("lesson.title", lang, name=title) + "\n", style="bold")
        out.append(render(view.prediction, lang) + "\n", style="italic")
        for line in view.lines:
            out.append("• " + render(line, lang) + "\n")
        label = text(f"verdict.{view.verdict.value}", lang)
        out.append(label, style=_VERDICT_STYLE[view.verdict])
        if view.verdict_text is not None:
            out.append(": " + render(view.verdict_text, lang), style=_VERDICT_STYLE[view.verdict])
        self.update(out)
