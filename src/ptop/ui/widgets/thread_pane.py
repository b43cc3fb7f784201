"""Provides ThreadPane: the highlighted process's threads under a heading that explains them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from ptop.model.hints import busy_threads, gil_bound
from ptop.model.i18n import text
from ptop.model.snapshot import Snapshot
from ptop.ui.widgets.thread_table import ThreadTable


def legend(lang: str) -> Text:
    """What the row colours of the process table mean (the help screen says more)."""
    return Text.assemble(
        ("■", "yellow"),
        text("legend.parent", lang),
        ("■", "green"),
        text("legend.child", lang),
        ("■", "dim green"),
        text("legend.descendant", lang),
        ("■", "red"),
        text("legend.zombie", lang),
    )


class ThreadPane(Vertical):
    """A heading (pid, name, thread count; the GIL hint or the colour legend) and the threads.

    The heading is redrawn only when its text changes, although it is set every tick.
    """

    DEFAULT_CSS = """
    ThreadPane { height: 1fr; min-height: 4; }
    ThreadPane #thread-bar { height: 1; background: $primary 20%; }
    ThreadPane #thread-title { width: 1fr; text-style: bold; padding: 0 1; }
    ThreadPane #legend { width: auto; padding: 0 1; }
    ThreadPane #threads { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._heading = Text()
        self._hinted = False
        self._lang = "en"
        self._legend = legend("en")

    def compose(self) -> ComposeResult:
        with Horizontal(id="thread-bar"):
            yield Static("", id="thread-title")
            yield Static(self._legend, id="legend")
        table = ThreadTable(id="threads")
        table.empty_message = text("threads.none", self._lang)
        yield table

    def _set_language(self, lang: str) -> None:
        if lang != self._lang:
            self._lang, self._legend = lang, legend(lang)
            self.query_one("#legend", Static).update(self._legend)
            self.query_one(ThreadTable).set_language(lang)

    def show(self, snapshot: Snapshot | None, pid: int | None, lang: str) -> None:
        """Show the threads of pid in snapshot (nothing highlighted: pid None)."""
        table = self.query_one(ThreadTable)
        self._set_language(lang)
        if snapshot is None or pid is None:
            self._set_heading(Text(text("threads.title", lang)), hinted=False)
            table.set_rows([])
            return
        proc = snapshot.process(pid)
        threads = snapshot.threads_for(pid)
        name = proc.name if proc else "?"
        table.empty_message = "" if proc is None else text("threads.none", lang)
        if threads is None and proc is None:
            self._set_heading(Text(text("threads.gone", lang, pid=pid)), hinted=False)
            table.set_rows([])
            return
        if threads is None:
            self._set_heading(Text(text("threads.reading", lang, pid=pid, name=name)), hinted=False)
            table.set_rows([])
            return
        heading = Text(text("threads.heading", lang, pid=pid, name=name, count=len(threads)))
        cores = len(snapshot.cpu.per_core_percent)
        hinted = proc is not None and gil_bound(proc, threads, cores)
        if hinted:
            heading.append(
                "  " + text("hint.gil-bound", lang, busy=busy_threads(threads)),
                style="bold yellow",
            )
        self._set_heading(heading, hinted)
        table.update(threads)

    def _set_heading(self, heading: Text, hinted: bool) -> None:
        # Called every tick: only a changed heading (the hint changes it too) costs anything.
        if heading != self._heading:
            self._heading, self._hinted = heading, hinted
            self.query_one("#thread-title", Static).update(heading, layout=False)
            self._place_legend()

    def on_resize(self) -> None:
        self._place_legend()

    def _place_legend(self) -> None:
        """Show the colour legend only where the heading leaves room (never beside the hint)."""
        room = self.size.width - self._heading.cell_len - self._legend.cell_len - 4  # both paddings
        legend = self.query_one("#legend")
        show = not self._hinted and room >= 0
        if legend.display != show:
            legend.display = show
