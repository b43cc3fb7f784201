"""Provides MainScreen: meters, process and thread tables, and the sampler worker feeding them."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from ptop.model.hints import core_markers
from ptop.model.i18n import LANGUAGES
from ptop.model.query import ProcessQuery
from ptop.model.refresh import step_interval
from ptop.model.snapshot import ProcessKey, Snapshot, ThreadSample
from ptop.sampling.control import SIGNALS
from ptop.sampling.sampler import platform_note
from ptop.ui.messages import SnapshotReady
from ptop.ui.screens.help_screen import HelpScreen
from ptop.ui.screens.signal_dialog import SignalDialog
from ptop.ui.widgets.cpu_meter import CpuMeter
from ptop.ui.widgets.filter_bar import FilterBar
from ptop.ui.widgets.process_table import ProcessTable
from ptop.ui.widgets.row_table import RowTable
from ptop.ui.widgets.scenario_side import ScenarioSide
from ptop.ui.widgets.summary_bar import SummaryBar
from ptop.ui.widgets.thread_pane import ThreadPane

if TYPE_CHECKING:
    from ptop.app import PtopApp

MAX_DETAIL_PROCESSES = 16
"""Threads are read for the highlighted process and at most this many of the scenario's."""


class MainScreen(Screen[None]):
    """The one screen of ptop: what runs, who started it, and what its threads do.

    | Key | Action |
    | :- | :- |
    | P / M / T / N | Sort by CPU%, MEM%, TIME+, PID (again: reverse) |
    | t | Tree view |
    | / or \\ | Filter by name, command line or user |
    | f | Only the highlighted process's family |
    | c | Full command line / name only |
    | k | Send a signal |
    | space / Z | Pause |
    | + / - | Slower / faster refresh |
    | x | Stop the running scenario (its whole family) |
    | s | Only the running scenario's family |
    | l | Show or hide the scenario panel |
    | L | Lesson language: English / 中文 |
    | D | Dump the scenario's Python stacks |
    """

    BINDINGS = [  # noqa: RUF012
        Binding("P", "sort_by('cpu')", "CPU%", show=False),
        Binding("M", "sort_by('mem')", "MEM%", show=False),
        Binding("T", "sort_by('time')", "TIME+", show=False),
        Binding("N", "sort_by('pid')", "PID", show=False),
        Binding("t", "toggle_tree", "Tree"),
        Binding("slash,backslash", "filter", "Filter"),
        Binding("f", "toggle_family", "Family"),
        Binding("c", "toggle_cmdline", "Cmdline", show=False),
        Binding("k", "signal", "Kill"),
        Binding("space,Z", "toggle_pause", "Pause"),
        Binding("plus,equals_sign", "interval(1)", "Slower", show=False),
        Binding("minus", "interval(-1)", "Faster", show=False),
        Binding("x", "stop_scenario", "Stop"),
        Binding("s", "toggle_scenario_only", "Scenario only", show=False),
        Binding("l", "toggle_side", "Lessons"),
        Binding("L", "toggle_language", "English/中文", show=False),
        Binding("D", "dump_stacks", "Stacks", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = ProcessQuery()
        """The current sort, filter, tree and family settings."""
        self.show_cmdline = True
        self.paused = False
        self.snapshot: Snapshot | None = None
        """The last snapshot shown."""
        self._selected: ProcessKey | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._detail_pids: frozenset[int] = frozenset()
        self._jump_to_pid: int | None = None
        self.ready = asyncio.Event()
        """Set once everything is mounted and sampling runs (after the first frame)."""

    @property
    def ptop(self) -> PtopApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        self.side = ScenarioSide(self.ptop.runner, self.ptop.catalog, self.ptop.lang, id="side")
        """The scenario column: list, lesson and output."""
        with Horizontal(id="meters"):
            yield CpuMeter(id="cpu-meter")
            yield SummaryBar(id="summary")
        with Horizontal(id="body"):
            with Vertical(id="tables"):
                yield ProcessTable(id="processes")
                yield ThreadPane(id="thread-pane")
            yield self.side
        # The footer's keys are mounted after the first frame (~40 ms); this holds its line.
        yield Static("", id="footer-slot")

    def on_mount(self) -> None:
        self.query_one(ProcessTable).empty_message = "reading processes…"
        self.query_one(ProcessTable).focus()
        self.query_one(ProcessTable).set_sort_indicator(
            self.query_state.sort_key, self.query_state.reverse
        )
        note = platform_note()
        if note is not None:
            self.notify(note, title="Limited view on this system", timeout=10, markup=False)
        if self.ptop.initial_scenario is not None:
            self.query_state = replace(self.query_state, tree=True)
        self.call_after_refresh(self._first_frame_shown)
        if not self.ptop.live:
            self.sample_now()

    async def _first_frame_shown(self) -> None:
        """Build what the first frame could do without, then start sampling.

        The first frame shows the meters and the table header as soon as Textual can;
        the footer's keys and the scenario column (~100 ms of widgets and styles
        together) follow before the first sample arrives. Sampling starts last: the
        first tick reads every command line (25-80 ms).
        """
        with self.app.batch_update():
            await self.mount(Footer(), before="#footer-slot")
            await self.query_one("#footer-slot").remove()
        self.refresh_bindings()  # a footer mounted late missed the first bindings update
        await self.side.build()
        if self.ptop.initial_scenario is not None:
            info, args = self.ptop.initial_scenario
            self.side.start(info, args)
        if self.ptop.live:
            self._sample_forever()
        self.ptop.startup_done()
        self.ready.set()

    def on_unmount(self) -> None:
        self._stop.set()
        self._wake.set()

    # -- sampling ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="sampler", exit_on_error=True)
    def _sample_forever(self) -> None:
        """Sample in a thread, post each snapshot, sleep until the next tick or a wake-up."""
        worker = get_current_worker()
        while not worker.is_cancelled and not self._stop.is_set():
            if not self.paused:
                snapshot = self.ptop.sampler.sample(self._detail_pids)
                self.post_message(SnapshotReady(snapshot))
            self._wake.wait(self.ptop.interval_s)
            self._wake.clear()

    def sample_now(self) -> None:
        """Take one sample synchronously and show it (used when no worker runs)."""
        self.show_snapshot(self.ptop.sampler.sample(self._detail_pids))

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        """Show the newest snapshot."""
        self.show_snapshot(message.snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Route one snapshot to every widget."""
        self.snapshot = snapshot
        self.query_one(SummaryBar).update(
            snapshot, paused=self.paused, interval_s=self.ptop.interval_s
        )
        self.side.update_snapshot(snapshot)
        self._refresh_tables()
        self.query_one(CpuMeter).update(snapshot.cpu.per_core_percent, self._core_markers())

    def _refresh_tables(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        focus = self._selected[0] if self._selected else None
        query = replace(
            self.query_state, focus_pid=focus, scenario_extra=frozenset(self.side.family_pids())
        )
        table = self.query_one(ProcessTable)
        table.empty_message = self._empty_view_message()
        table.update(query.apply(snapshot.processes), show_cmdline=self.show_cmdline)
        if self._jump_to_pid is not None and snapshot.process(self._jump_to_pid) is not None:
            proc = snapshot.process(self._jump_to_pid)
            self._jump_to_pid = None
            if proc is not None and table.move_cursor_to_key(proc.key):
                self._selected = proc.key
                self._refresh_tables()
                return
        self._selected = table.cursor_key  # type: ignore[assignment]
        self._detail_pids = self._wanted_detail_pids(snapshot)
        self._show_threads()

    def _empty_view_message(self) -> str:
        """What an empty process table says: why nothing is shown."""
        needle = self.query_state.filter_text.strip()
        if needle:
            return f"no process matches {needle!r} (Esc in the filter line clears it)"
        return "no process in this view"

    def _wanted_detail_pids(self, snapshot: Snapshot) -> frozenset[int]:
        wanted = {self._selected[0]} if self._selected else set()
        wanted.update(sorted(self.side.family_pids())[:MAX_DETAIL_PROCESSES])
        return frozenset(wanted)

    def _marked_threads(self) -> list[ThreadSample]:
        """Threads whose cores the meter marks: the scenario's, else the highlighted process's."""
        snapshot = self.snapshot
        if snapshot is None:
            return []
        pids = self.side.family_pids() or ({self._selected[0]} if self._selected else set())
        return [t for pid in sorted(pids) for t in snapshot.threads_for(pid) or ()]

    def _core_markers(self) -> dict[int, str]:
        """For each core, the busy threads of the marked family that last ran on it."""
        return core_markers(self._marked_threads())

    def _show_threads(self) -> None:
        pid = self._selected[0] if self._selected else None
        self.query_one(ThreadPane).show(self.snapshot, pid, self.ptop.lang)

    @on(RowTable.RowHighlighted, "#processes")
    def _process_highlighted(self, event: RowTable.RowHighlighted) -> None:
        """Follow the cursor: new family marks and this process's threads."""
        self._selected = event.key  # type: ignore[assignment]
        if self._selected is not None and self._selected[0] not in self._detail_pids:
            self._detail_pids = self._detail_pids | {self._selected[0]}
            self._wake.set()  # read its threads now rather than in up to a second
        self._refresh_tables()

    @on(RowTable.HeaderClicked, "#processes")
    def _process_header_clicked(self, event: RowTable.HeaderClicked) -> None:
        """Sort by the clicked column."""
        self.action_sort_by(event.column_key)

    # -- actions -------------------------------------------------------------------

    def _set_query(self, query: ProcessQuery) -> None:
        self.query_state = query
        self.query_one(ProcessTable).set_sort_indicator(query.sort_key, query.reverse)
        self._refresh_tables()

    def action_sort_by(self, key: str) -> None:
        """Sort by a column; the same column again reverses the order."""
        self._set_query(self.query_state.sorted_by(key))

    def action_toggle_tree(self) -> None:
        """Switch between the sorted list and the parent/child tree."""
        self._set_query(replace(self.query_state, tree=not self.query_state.tree))

    def action_toggle_family(self) -> None:
        """Show only the highlighted process, its parent and all its descendants."""
        self._set_query(replace(self.query_state, family_only=not self.query_state.family_only))
        state = "on" if self.query_state.family_only else "off"
        self.notify(f"family view {state}", timeout=2)

    def action_toggle_cmdline(self) -> None:
        """Show full command lines or just names."""
        self.show_cmdline = not self.show_cmdline
        self._refresh_tables()

    async def action_filter(self) -> None:
        """Open the filter line (mounted the first time)."""
        try:
            bar = self.query_one(FilterBar)
        except NoMatches:
            bar = FilterBar(id="filter")
            await self.mount(bar)
        bar.open()

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self._set_query(replace(self.query_state, filter_text=event.value))

    def on_filter_bar_closed(self) -> None:
        """Back to the table, with or without a filter."""
        self.query_one(ProcessTable).focus()

    def action_toggle_pause(self) -> None:
        """Freeze the display (sampling stops too); again to resume."""
        self.paused = not self.paused
        if not self.paused:
            self._wake.set()
        if self.snapshot is not None:
            self.query_one(SummaryBar).update(
                self.snapshot, paused=self.paused, interval_s=self.ptop.interval_s
            )

    def action_interval(self, direction: int) -> None:
        """Refresh less (+) or more (-) often."""
        self.ptop.interval_s = step_interval(self.ptop.interval_s, direction)
        self.notify(f"refresh every {self.ptop.interval_s:g} s", timeout=2)
        self._wake.set()

    NARROW_WIDTH = 140
    """Below this many columns the scenario panel starts hidden."""

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW_WIDTH, "-narrow")

    def action_toggle_side(self) -> None:
        """Show or hide the scenario panel and its output."""
        if self.has_class("-narrow"):
            self.toggle_class("-show-side")
        else:
            self.toggle_class("-hide-side")

    def action_toggle_scenario_only(self) -> None:
        """Show only the running scenario's processes (root and every descendant)."""
        self._set_query(replace(self.query_state, scenario_only=not self.query_state.scenario_only))

    # -- scenarios -----------------------------------------------------------------

    def on_scenario_side_started(self, message: ScenarioSide.Started) -> None:
        """Put the new scenario's family in focus: marked, and the cursor on its root."""
        self._jump_to_pid = message.pid
        self._set_query(replace(self.query_state, scenario_pid=message.pid))
        self._wake.set()

    def on_scenario_side_ended(self, _: ScenarioSide.Ended) -> None:
        """Stop marking the family of a scenario that is gone."""
        self._set_query(replace(self.query_state, scenario_pid=None, scenario_only=False))

    def action_stop_scenario(self) -> None:
        """End the running scenario and everything it started."""
        self.side.stop()

    def action_dump_stacks(self) -> None:
        """Show the running scenario's Python stacks in its log."""
        self.side.dump_stacks()

    def action_toggle_language(self) -> None:
        """Switch the lesson texts between English and Chinese."""
        languages = list(LANGUAGES)
        self.ptop.lang = languages[(languages.index(self.ptop.lang) + 1) % len(languages)]
        self.side.set_language(self.ptop.lang)
        self._show_threads()

    def action_signal(self) -> None:
        """Ask which signal to send to the highlighted process, then send it."""
        if self.ptop.readonly:
            self.notify("read-only mode: ptop will not signal processes", severity="warning")
            return
        if self.snapshot is None or self._selected is None:
            return
        target = self._selected
        proc = self.snapshot.process(target[0])
        if proc is None:
            return

        def send(signum: int | None) -> None:
            if signum is None:
                return
            result = self.ptop.signaller(target, signum)
            self.notify(
                result.message, markup=False, severity="information" if result.ok else "error"
            )

        self.app.push_screen(SignalDialog(proc, SIGNALS), send)

    def action_help(self) -> None:
        """Open the help screen."""
        bindings = [(b.key, b.description) for b in self.ptop.help_bindings()]
        self.app.push_screen(HelpScreen(bindings))
