"""Provides CpuMeter: one bar and a fixed-scale history per core, for any number of cores."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from ptop.model.history import MetricHistory
from ptop.model.units import format_percent

SPARK = " ▁▂▃▄▅▆▇█"
"""Block characters for 0..100 % on a fixed scale (Textual's Sparkline scales min..max)."""

CELL_MIN_WIDTH = 30
"""A full cell: number, bar, percent and history."""
COMPACT_WIDTH = 14
"""A compact cell (many cores): number, short bar, percent."""
MICRO_WIDTH = 9
"""A micro cell (very many cores): number, one block, percent."""
PREFERRED_LINES = 4
HISTORY_WIDTH = 10


def meter_layout(cores: int, width: int) -> tuple[int, str]:
    """Choose (columns, cell kind) so that any core count fits in a few lines.

    Full cells while they fit in PREFERRED_LINES lines, then compact, then micro
    cells: 2 cores take 2 lines, 16 take 3-4, 128 take about 11 on a 110-column meter.
    """
    cores = max(1, cores)
    full = max(1, width // CELL_MIN_WIDTH)
    if -(-cores // full) <= PREFERRED_LINES:
        return max(1, min(full, -(-cores // PREFERRED_LINES))), "full"
    compact = max(1, width // COMPACT_WIDTH)
    if -(-cores // compact) <= 2 * PREFERRED_LINES:
        return compact, "compact"
    return max(1, width // MICRO_WIDTH), "micro"


def spark(values: Sequence[float]) -> str:
    """Draw values (0..100) as block characters on a fixed 0..100 scale."""
    top = len(SPARK) - 1
    return "".join(SPARK[max(0, min(top, round(v / 100 * top)))] for v in values)


class CpuMeter(Widget):
    """Per-core load: 'N [||||    ] 42.0% ▁▂▅█' cells laid out in as many columns as fit."""

    COMPONENT_CLASSES = {  # noqa: RUF012
        "cpumeter--label",
        "cpumeter--bar",
        "cpumeter--bar-high",
        "cpumeter--empty",
        "cpumeter--spark",
        "cpumeter--marker",
    }
    DEFAULT_CSS = """
    CpuMeter { height: auto; min-height: 1; }
    CpuMeter > .cpumeter--label { color: $primary; text-style: bold; }
    CpuMeter > .cpumeter--bar { color: $success; }
    CpuMeter > .cpumeter--bar-high { color: $error; }
    CpuMeter > .cpumeter--empty { color: $text-muted; }
    CpuMeter > .cpumeter--spark { color: $secondary; }
    CpuMeter > .cpumeter--marker { color: $warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._values: tuple[float | None, ...] = ()
        self._history = MetricHistory(HISTORY_WIDTH)
        self._markers: dict[int, str] = {}
        self._styles: dict[str, Style] = {}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}  # read lazily: component styles are not ready on first mount

    def _style(self, name: str) -> Style:
        if not self._styles:
            base = self.rich_style
            self._styles = {"": base}
            for component in self.COMPONENT_CLASSES:
                self._styles[component.removeprefix("cpumeter--")] = (
                    base + self.get_component_rich_style(component, partial=True)
                )
        return self._styles[name]

    def update(
        self, per_core: Sequence[float | None], markers: dict[int, str] | None = None
    ) -> None:
        """Show one reading per core; markers name what last ran on a core (optional)."""
        relayout = len(per_core) != len(self._values)
        self._values = tuple(per_core)
        self._history.push(per_core)
        self._markers = dict(markers or {})
        self.refresh(layout=relayout)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        count = max(1, len(self._values))
        columns, _ = meter_layout(count, width)
        return -(-count // columns)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        columns, kind = meter_layout(len(self._values), width)
        cell_width = width // columns
        segments: list[Segment] = []
        for column in range(columns):
            index = y * columns + column
            if index >= len(self._values):
                break
            if kind == "micro":
                segments.extend(self._micro_cell(index, cell_width))
            else:
                segments.extend(self._cell(index, cell_width, history=kind == "full"))
        return Strip(segments).adjust_cell_length(width, self._style(""))

    def _micro_cell(self, index: int, width: int) -> list[Segment]:
        value = self._values[index]
        block = spark([value or 0.0]) if value is not None else " "
        text = "  -" if value is None else f"{min(value, 99.0):3.0f}"
        bar = "bar-high" if (value or 0) >= 90 else "bar"
        return [
            Segment(f"{index:>3}", self._style("label")),
            Segment(block, self._style(bar)),
            Segment(text.ljust(width - 4), self._style("label")),
        ]

    def _cell(self, index: int, width: int, *, history: bool = True) -> list[Segment]:
        style = self._style
        value = self._values[index]
        label = f"{index:>3} "
        text = f"{format_percent(value):>5}%"
        drawn = spark(self._history.series(index)).rjust(HISTORY_WIDTH) if history else ""
        marker = self._markers.get(index, "")
        bar_width = max(1, width - len(label) - len(text) - len(drawn) - 4 - len(marker))
        filled = 0 if value is None else round(value / 100 * bar_width)
        bar_style = style("bar-high" if (value or 0) >= 90 else "bar")
        parts = [
            Segment(label, style("label")),
            Segment("[", style("empty")),
            Segment("|" * filled, bar_style),
            Segment(" " * (bar_width - filled), style("empty")),
            Segment(text, style("label")),
            Segment("]", style("empty")),
            Segment(drawn, style("spark")),
        ]
        if marker:
            parts.append(Segment(" " + marker, style("marker")))
        parts.append(Segment(" ", self._style("")))
        return parts
