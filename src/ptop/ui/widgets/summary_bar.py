"""Provides SummaryBar: memory and swap bars, task counts, load, uptime and ptop's own cost."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ptop.model.snapshot import Snapshot
from ptop.model.units import format_bytes, format_duration, format_percent

BAR_WIDTH = 20


def _bar(label: str, used: int, total: int) -> Text:
    ratio = used / total if total else 0.0
    filled = round(ratio * BAR_WIDTH)
    text = Text(f"{label:<4}[", style="bold")
    text.append("|" * filled, style="green" if ratio < 0.8 else "red")
    text.append(" " * (BAR_WIDTH - filled))
    text.append(f"] {format_bytes(used)}/{format_bytes(total)}")
    return text


class SummaryBar(Widget):
    """Three lines of machine totals beside the per-core meter."""

    DEFAULT_CSS = """
    SummaryBar { height: 4; width: 46; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text("sampling…")

    def update(
        self, snapshot: Snapshot, *, paused: bool = False, interval_s: float | None = None
    ) -> None:
        """Show the totals of one snapshot."""
        mem = snapshot.memory
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append_text(_bar("Mem", mem.used_bytes, mem.total_bytes))
        text.append("\n")
        text.append_text(_bar("Swp", mem.swap_used_bytes, mem.swap_total_bytes))
        text.append("\n")
        text.append(
            f"Tasks {len(snapshot.processes)}, {snapshot.thread_count} thr; "
            f"{snapshot.running_count} running\n"
        )
        load = snapshot.cpu.load_average
        load_text = "-" if load is None else " ".join(f"{v:.2f}" for v in load)
        text.append(f"Load {load_text}  Up {format_duration(snapshot.uptime_s)}  ")
        text.append(f"ptop {format_percent(snapshot.self_cpu_percent)}%", style="bold")
        if paused:
            text.append("  PAUSED", style="reverse bold")
        elif interval_s is not None:
            text.append(f"  every {interval_s:g}s")
        self._text = text
        self.refresh()

    def render(self) -> Text:
        return self._text
