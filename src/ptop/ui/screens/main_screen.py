"""Provides MainScreen: meters, process and thread tables, and the sampler worker feeding them."""

from __future__ import annotations

import asyncio
import sys
import threading
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from ptop.model.command import CommandMode
from ptop.model.family import LastSeen
from ptop.model.hints import core_markers
from ptop.model.i18n import LANGUAGES, text
from ptop.model.index import SnapshotIndex
from ptop.model.query import ProcessQuery, ProcessRow, with_roles
from ptop.model.refresh import step_interval
from ptop.model.snapshot import ProcessKey, Snapshot, ThreadSample
from ptop.sampling.control import SIGNALS
from ptop.sampling.sampler import platform_note
from ptop.scenario_controller import ScenarioController
from ptop.ui.key_text import describe_keys
from ptop.ui.messages import ScenarioExited, ScenarioOutputReady, SnapshotReady
from ptop.ui.screens.find_lines import FindLines
from ptop.ui.screens.help_screen import HelpScreen, documented_bindings
from ptop.ui.screens.main_keys import MAIN_KEYS
from ptop.ui.screens.scenario_keys import ScenarioKeys
from ptop.ui.screens.screen_layout import ScreenLayout
from ptop.ui.screens.screen_settings import ScreenSettings
from ptop.ui.screens.signal_dialog import SignalDialog
from ptop.ui.screens.table_keys import TableKeys
from ptop.ui.services import ScreenServices
from ptop.ui.widgets.cpu_meter import CpuMeter
from ptop.ui.widgets.process_table import ProcessTable
from ptop.ui.widgets.row_table import RowTable
from ptop.ui.widgets.scenario_log import MAX_LINES
from ptop.ui.widgets.scenario_side import ScenarioSide
from ptop.ui.widgets.summary_bar import SummaryBar
from ptop.ui.widgets.thread_pane import ThreadPane

MAX_DETAIL_PROCESSES = 16
"""Threads are read for the highlighted process and at most this many of the scenario's."""


class MainScreen(FindLines, ScreenSettings, TableKeys, ScreenLayout, ScenarioKeys):
    """The one screen of ptop: what runs, who started it, and what its threads do.

    Its keys are in ptop.ui.screens.main_keys; its services (sampler, runner,
    signaller, catalog, settings) come in a ScreenServices. The running scenario is its
    ScenarioController's; the widgets only show what they are given. The bases hold
    one concern each (see ptop.ui.screens.main_parts); this class holds the state, the
    ticks and what the table shows.
    """

    BINDINGS = MAIN_KEYS

    def __init__(self, services: ScreenServices) -> None:
        super().__init__()
        self.services = services
        self.query_state = ProcessQuery()
        self.command_mode = CommandMode.SHORT
        self.paused = False
        self.snapshot: Snapshot | None = None
        """The last snapshot shown."""
        self._selected: ProcessKey | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._detail_pids: frozenset[int] = frozenset()
        self._jump_to_pid: int | None = None
        self.shown_rows = []
        self._index = SnapshotIndex({}, {})
        """The last snapshot's index (built once per tick)."""
        self._rows_index = self._index
        """The index the shown rows come from (the tick's, or the ended family's)."""
        self._family_seen = LastSeen()
        """The running scenario's processes as last seen (shown dimmed once it ends)."""
        self._ended: str | None = None
        """Name of the scenario whose ended family is on screen (None: a live view)."""
        self.side = ScenarioSide(services.catalog, services.lang, id="side")
        self.scenarios = ScenarioController(
            services.runner,
            services.signaller,
            self.side,
            self,
            on_output=lambda: self.post_message(ScenarioOutputReady()),
            on_exit=lambda run_id, code: self.post_message(ScenarioExited(run_id, code)),
            lang=services.lang,
            buffer_lines=MAX_LINES,
        )
        self.ready = asyncio.Event()
        """Set once everything is mounted and sampling runs (after the first frame)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="meters"):
            yield CpuMeter(id="cpu-meter")
            yield SummaryBar(id="summary", lang=self.lang)
        with Horizontal(id="body"):
            with Vertical(id="tables"):
                note = Static("", id="view-note", markup=False)
                note.display = False
                yield note
                yield ProcessTable(id="processes")
                yield ThreadPane(id="thread-pane")
            yield self.side
        # The footer's keys are mounted after the first frame (~40 ms); this holds its line.
        yield Static("", id="footer-slot")

    def on_mount(self) -> None:
        self.apply_start_settings()
        self._show_language()
        self.query_one(ProcessTable).empty_message = text("empty.reading", self.lang)
        self.query_one(ProcessTable).focus()
        self.query_one(ProcessTable).set_sort_indicator(
            self.query_state.sort_key, self.query_state.reverse
        )
        if platform_note() is not None:
            lang = self.lang
            self.notify(
                text("msg.limited", lang, platform=sys.platform),
                title=text("msg.limited-title", lang),
                timeout=10,
                markup=False,
            )
        if self.services.initial_scenario is not None:
            # Open on the scenario's family, as `s` shows it (the README's screenshots).
            self.query_state = replace(self.query_state, tree=True, scenario_only=True)
        self.call_after_refresh(self._first_frame_shown)
        if not self.services.live:
            self.sample_now()

    async def _first_frame_shown(self) -> None:
        """Build what the first frame could do without, then start sampling.

        The first frame shows the meters and the table header as soon as Textual can;
        the footer's keys and the scenario column (~100 ms of widgets and styles
        together) follow before the first sample arrives. Sampling starts last: the
        first tick reads every command line (25-80 ms).
        """
        with self.app.batch_update():
            footer: Footer = Footer()
            self.fit_footer(footer)
            await self.mount(footer, before="#footer-slot")
            await self.query_one("#footer-slot").remove()
        self.refresh_bindings()  # a footer mounted late missed the first bindings update
        await self.side.build()
        self.scenarios.show()
        # The filter and search lines are there (hidden) before anyone types: mounted on
        # the first `/`, they would miss the keys typed right after it.
        await self.mount_lines()
        if self.services.initial_scenario is not None:
            info, args = self.services.initial_scenario
            self.scenarios.start(info, args)
        if self.services.live:
            self._sample_forever()
        self.services.startup_done()
        self.ready.set()

    def on_unmount(self) -> None:
        self._stop.set()
        self._wake.set()
        # Leaving the screen (quitting ptop in any way that lets Textual unwind) ends the
        # scenario's family; the supervisor's parent-death signal covers the other ways.
        self.scenarios.stop_now()

    def wake_sampler(self) -> None:
        """Take the next sample now rather than at the next tick."""
        self._wake.set()

    # -- sampling ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="sampler", exit_on_error=True)
    def _sample_forever(self) -> None:
        """Sample in a thread, post each snapshot, sleep until the next tick or a wake-up."""
        worker = get_current_worker()
        while not worker.is_cancelled and not self._stop.is_set():
            if not self.paused:
                snapshot = self.services.sampler.sample(self._detail_pids)
                self.post_message(SnapshotReady(snapshot))
            self._wake.wait(self.services.interval_s)
            self._wake.clear()

    def sample_now(self) -> None:
        """Take one sample synchronously and show it (used when no worker runs)."""
        self.show_snapshot(self.services.sampler.sample(self._detail_pids))

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        """Show the newest snapshot."""
        self.show_snapshot(message.snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Route one snapshot to every widget; its index is built once, here."""
        self.snapshot = snapshot
        self._show_summary()
        self._index = SnapshotIndex.of(snapshot.processes)
        self.scenarios.update_snapshot(snapshot, self._index)
        session = self.scenarios.session
        if session is not None and session.tick is not None and self.scenarios.running:
            self._family_seen.add(session.tick.processes)
        self.refresh_tables()
        self.query_one(CpuMeter).update(snapshot.cpu.per_core_percent, self._core_markers())

    def _show_summary(self) -> None:
        if self.snapshot is not None:
            self.query_one(SummaryBar).update(
                self.snapshot,
                paused=self.paused,
                interval_s=self.services.interval_s,
                lang=self.lang,
            )

    def refresh_tables(self) -> None:
        """Query the tick's rows (once per tick, or when the query changes) and show them."""
        if self.snapshot is None:
            return
        focus = self._selected[0] if self._selected else None
        query = replace(self.query_state, focus_pid=focus)
        self.query_one(ProcessTable).empty_message = self._empty_view_message()
        if self._showing_ended():
            # The scenario is over: its family as last seen stays, dimmed, until the
            # user leaves the view (s) or another run starts; never unrelated processes.
            query = replace(query, scenario_only=False, scenario_pid=None)
            seen = self._family_seen.processes()
            self._rows_index = SnapshotIndex.of(seen)
            rows = query.apply(seen, self._rows_index)
        else:
            self._rows_index = self._index
            family = self.scenarios.family_pids(self._index)
            rows = query.apply(self.snapshot.processes, self._index, family)
        self._show_rows(rows)

    def _remark_roles(self) -> None:
        """The cursor moved: mark the shown rows for it (no new query unless it filters)."""
        if self.query_state.needs_apply_on_focus():
            self.refresh_tables()
            return
        focus = self._selected[0] if self._selected else None
        self._show_rows(with_roles(self.shown_rows, focus, self._rows_index))

    def _showing_ended(self) -> bool:
        return self._ended is not None and self.query_state.scenario_only

    def _show_rows(self, rows: list[ProcessRow]) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        table = self.query_one(ProcessTable)
        self.shown_rows = rows
        table.update(rows, command=self.command_mode, ended=self._showing_ended())
        if table.follow_top and rows and rows[0].process.cpu_percent is not None:
            # The top row is the busiest once CPU% is measured: from then on the cursor
            # (and the thread pane) stays on that process as the order changes, instead of
            # flipping to whatever is on top at each tick. Home goes back to the top.
            table.follow_top = False
        if self._jump_to_pid is not None and snapshot.process(self._jump_to_pid) is not None:
            proc = snapshot.process(self._jump_to_pid)
            self._jump_to_pid = None
            if proc is not None and table.move_cursor_to_key(proc.key):
                self._selected = proc.key
                self._remark_roles()
                return
        self._selected = table.cursor_key  # type: ignore[assignment]
        self._detail_pids = self._wanted_detail_pids(snapshot)
        self._show_threads()
        self.update_note()

    def update_note(self) -> None:
        """The line above the table: an ended family on screen, or a hidden lesson column."""
        lang = self.lang
        info = self.scenarios.info if self.side.built else None
        note = ""
        if self._ended is not None and self.query_state.scenario_only:
            seen = bool(self._family_seen.processes())
            note = text("view.ended" if seen else "view.ended-unseen", lang, name=self._ended)
            if self.side_hidden():
                note += text("view.ended-side-hidden", lang)
            note += text("view.ended-all", lang)
        elif self.scenarios.running and info is not None and self.side_hidden():
            note = text("view.side-hidden", lang, name=info.name)
        widget = self.query_one("#view-note", Static)
        if str(widget.content) != note:
            widget.update(note)
        widget.display = bool(note)

    def _empty_view_message(self) -> str:
        """What an empty process table says: why nothing is shown."""
        needle = self.query_state.filter_text.strip()
        if needle:
            return text("empty.no-match", self.lang, needle=repr(needle))
        return text("empty.none", self.lang)

    def _wanted_detail_pids(self, snapshot: Snapshot) -> frozenset[int]:
        wanted = {self._selected[0]} if self._selected else set()
        wanted.update(sorted(self.scenarios.family_pids())[:MAX_DETAIL_PROCESSES])
        return frozenset(wanted)

    def _marked_threads(self) -> list[ThreadSample]:
        """Threads whose cores the meter marks: the scenario's, else the highlighted process's."""
        snapshot = self.snapshot
        if snapshot is None:
            return []
        pids = self.scenarios.family_pids() or ({self._selected[0]} if self._selected else set())
        return [t for pid in sorted(pids) for t in snapshot.threads_for(pid) or ()]

    def _core_markers(self) -> dict[int, str]:
        """For each core, the busy threads of the marked family that last ran on it."""
        return core_markers(self._marked_threads())

    def _show_threads(self) -> None:
        pid = self._selected[0] if self._selected else None
        self.query_one(ThreadPane).show(self.snapshot, pid, self.lang)

    @on(RowTable.RowHighlighted, "#processes")
    def _process_highlighted(self, event: RowTable.RowHighlighted) -> None:
        """Follow the cursor: new family marks and this process's threads."""
        self._selected = event.key  # type: ignore[assignment]
        if self._selected is not None and self._selected[0] not in self._detail_pids:
            self._detail_pids = self._detail_pids | {self._selected[0]}
            self._wake.set()  # read its threads now rather than in up to a second
        self._remark_roles()

    # -- actions -------------------------------------------------------------------

    def set_query(self, query: ProcessQuery) -> None:
        """Show the table for another query (and save the settings it changes)."""
        self.query_state = query
        self.query_one(ProcessTable).set_sort_indicator(query.sort_key, query.reverse)
        self.refresh_tables()
        self.services.settings_changed()

    def action_toggle_pause(self) -> None:
        """Freeze the display (sampling stops too); again to resume."""
        self.paused = not self.paused
        if not self.paused:
            self._wake.set()
        self._show_summary()

    def action_interval(self, direction: int) -> None:
        """Refresh less (+) or more (-) often."""
        self.services.interval_s = step_interval(self.services.interval_s, direction)
        self.notify(
            text("msg.interval", self.lang, seconds=f"{self.services.interval_s:g}"), timeout=2
        )
        self._wake.set()
        self.services.settings_changed()

    def action_toggle_scenario_only(self) -> None:
        """Show only the running scenario's processes (root and every descendant)."""
        if self.query_state.scenario_only:
            self._ended = None  # leaving the view lets an ended family go
        self.set_query(replace(self.query_state, scenario_only=not self.query_state.scenario_only))

    # -- scenarios -----------------------------------------------------------------

    def scenario_started(self, pid: int) -> None:
        """Put the new scenario's family in focus: marked, and the cursor on its root."""
        self._jump_to_pid = pid
        self._ended = None
        self._family_seen.clear()
        self.set_query(replace(self.query_state, scenario_pid=pid))
        self.refresh_bindings()  # x Stop and D Stacks apply now
        self._wake.set()

    def scenario_ended(self) -> None:
        """Stop marking the family of a scenario that is gone; its view keeps it, dimmed."""
        if self.query_state.scenario_only:
            # Kept even when no tick saw it (a script done within one refresh): the view
            # stays on the family, empty, and says why, instead of showing every process.
            info = self.scenarios.info
            self._ended = info.name if info is not None else "?"
        self.set_query(replace(self.query_state, scenario_pid=None))
        self.refresh_bindings()

    def action_toggle_language(self) -> None:
        """Switch the lesson texts between English and Chinese."""
        languages = list(LANGUAGES)
        self.services.lang = languages[(languages.index(self.lang) + 1) % len(languages)]
        self.side.set_language(self.lang)
        self.scenarios.set_language(self.lang)
        self._show_language()
        self._show_threads()
        self.services.settings_changed()
        self.update_note()

    def _show_language(self) -> None:
        """Say everything of ptop's own in the current language: keys, column titles, totals."""
        lang = self.lang
        describe_keys(self, lang)
        describe_keys(self.app, lang)
        self.query_one(ProcessTable).set_language(lang)
        self._show_summary()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing now: Stop and Stacks with no scenario, Kill read-only."""
        if action == "signal" and self.services.readonly:
            return False
        if action in ("stop_scenario", "dump_stacks"):
            return self.scenarios.running
        return True

    def action_signal(self) -> None:
        """Ask which signal to send to the highlighted process, then send it."""
        if self.services.readonly:
            self.notify(text("msg.readonly", self.lang), severity="warning")
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
            result = self.services.signaller(target, signum)
            self.notify(
                result.words(self.lang),
                markup=False,
                severity="information" if result.ok else "error",
            )

        self.app.push_screen(SignalDialog(proc, SIGNALS, self.lang), send)

    def action_help(self) -> None:
        """Open the help screen."""
        lang = self.lang
        bindings = [
            (b.key, text(f"key.{b.id or b.action}", lang))
            for b in documented_bindings([*self.app.BINDINGS, *self.BINDINGS])
        ]
        self.app.push_screen(HelpScreen(bindings, lang))
