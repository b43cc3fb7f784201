"""Provides SummaryBar: memory and swap bars, task counts, load, uptime and ptop's own cost."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from ptop.model.i18n import text as words
from ptop.model.snapshot import Snapshot
from ptop.model.units import format_bytes, format_duration, format_percent

BAR_WIDTH = 20
LINES = 4

Part = tuple[str, str]
"""A run of text and its style, as rich style text ('' is the widget's own style)."""
Line = tuple[Part, ...]


def _bar(label: str, used: int, total: int) -> Line:
    ratio = used / total if total else 0.0
    filled = round(ratio * BAR_WIDTH)
    return (
        (label + " " * max(0, 4 - cell_len(label)) + "[", "bold"),
        ("|" * filled, "bold green" if ratio < 0.8 else "bold red"),
        (" " * (BAR_WIDTH - filled), "bold"),
        (f"] {format_bytes(used)}/{format_bytes(total)}", "bold"),
    )


def summary_lines(
    snapshot: Snapshot,
    *,
    paused: bool = False,
    interval_s: float | None = None,
    lang: str = "en",
) -> tuple[Line, ...]:
    """The four lines of the bar, as styled runs of text."""
    mem = snapshot.memory
    load = snapshot.cpu.load_average
    load_text = "-" if load is None else " ".join(f"{v:.2f}" for v in load)
    last: list[Part] = [
        (words("summary.load", lang, load=load_text), ""),
        (f"ptop {format_percent(snapshot.self_cpu_percent)}%", "bold"),
    ]
    if paused:
        last.append((words("summary.paused", lang), "reverse bold"))
    elif interval_s is not None:
        last.append((f" /{interval_s:g}s", ""))
    return (
        _bar(words("summary.mem", lang), mem.used_bytes, mem.total_bytes),
        _bar(words("summary.swap", lang), mem.swap_used_bytes, mem.swap_total_bytes),
        (
            (
                words(
                    "summary.tasks",
                    lang,
                    tasks=len(snapshot.processes),
                    threads=snapshot.thread_count,
                    running=snapshot.running_count,
                    uptime=format_duration(snapshot.uptime_s),
                ),
                "",
            ),
        ),
        tuple(last),
    )


class SummaryBar(Widget):
    """Four lines of machine totals beside the per-core meter.

    Drawn with the Line API: each line is kept as styled runs of text and its Strip is
    cached, so a tick repaints only the lines whose text changed (usually the load and
    ptop's own CPU) instead of laying out and rendering rich Text for the whole bar.
    """

    DEFAULT_CSS = """
    SummaryBar { height: 4; width: 46; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None, lang: str = "en") -> None:
        super().__init__(id=id)
        self._lines: tuple[Line, ...] = (((words("summary.sampling", lang), ""),),)
        self._strips: dict[tuple[Line, int], Strip] = {}
        self._styles: dict[str, Style] = {}

    def update(
        self,
        snapshot: Snapshot,
        *,
        paused: bool = False,
        interval_s: float | None = None,
        lang: str = "en",
    ) -> None:
        """Show the totals of one snapshot."""
        lines = summary_lines(snapshot, paused=paused, interval_s=interval_s, lang=lang)
        old = self._lines
        self._lines = lines
        width = self.size.width
        for y, line in enumerate(lines):
            if y >= len(old) or old[y] != line:
                self.refresh(Region(0, y, width, 1))
        if len(self._strips) > 8 * LINES:
            self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._strips.clear()

    def _style(self, name: str) -> Style:
        if not self._styles:
            base = self.rich_style
            self._styles = {
                "": base,
                "pad": Style(bgcolor=base.bgcolor),  # what the padding around it uses
                **{n: base + Style.parse(n) for n in ("bold", "bold green", "bold red")},
            }
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self._styles[""] + Style.parse(name)
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y >= len(self._lines):
            return Strip.blank(width, self._style(""))
        line = self._lines[y]
        key = (line, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_summary_line(line, width)
        return strip

    def _render_summary_line(self, line: Line, width: int) -> Strip:
        """One line as a Strip; a line too long loses its last words (never wraps)."""
        parts = [(text, style) for text, style in line if text]
        if sum(cell_len(text) for text, _ in parts) > width:
            parts = _cut_at_word(parts, width)
        merged: list[Part] = []
        for text, style in parts:  # neighbours in the same style make one segment
            if merged and merged[-1][1] == style:
                merged[-1] = (merged[-1][0] + text, style)
            else:
                merged.append((text, style))
        segments = [Segment(text, self._style(style)) for text, style in merged]
        return Strip(segments).adjust_cell_length(width, self._style("pad"))


def _cut_at_word(parts: list[Part], width: int) -> list[Part]:
    """Keep the words that fit in width cells (the rest would wrap out of sight)."""
    kept: list[Part] = []
    room = width
    for text, style in parts:
        length = cell_len(text)
        if length <= room:
            kept.append((text, style))
            room -= length
            continue
        head = set_cell_size(text, room + 1)
        space = head.rfind(" ")
        if space > 0:
            kept.append((text[:space], style))
        break
    while kept and not kept[-1][0].rstrip():
        kept.pop()
    if kept:
        kept[-1] = (kept[-1][0].rstrip(), kept[-1][1])
    return kept
