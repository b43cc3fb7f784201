"""Provides MainScreen: meters, process and thread tables, and the sampler worker feeding them."""

from __future__ import annotations

import asyncio
import sys
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from ptop.model.command import CommandMode
from ptop.model.family import LastSeen
from ptop.model.hints import core_markers
from ptop.model.i18n import LANGUAGES, text
from ptop.model.query import ProcessQuery, ProcessRow, matches
from ptop.model.refresh import step_interval
from ptop.model.settings import ALWAYS_SHOWN_COLUMNS, Settings
from ptop.model.snapshot import ProcessKey, Snapshot, ThreadSample
from ptop.sampling.control import SIGNALS
from ptop.sampling.sampler import platform_note
from ptop.ui.key_text import describe_keys
from ptop.ui.messages import SnapshotReady
from ptop.ui.screens.help_screen import HelpScreen
from ptop.ui.screens.signal_dialog import SignalDialog
from ptop.ui.screens.sort_dialog import SortDialog
from ptop.ui.widgets.cpu_meter import CpuMeter
from ptop.ui.widgets.filter_bar import FilterBar, SearchBar
from ptop.ui.widgets.process_table import ProcessTable
from ptop.ui.widgets.row_table import RowTable
from ptop.ui.widgets.scenario_side import ScenarioSide
from ptop.ui.widgets.summary_bar import SummaryBar
from ptop.ui.widgets.thread_pane import ThreadPane

if TYPE_CHECKING:
    from ptop.app import PtopApp

MAX_DETAIL_PROCESSES = 16
"""Threads are read for the highlighted process and at most this many of the scenario's."""


def _key(
    keys: str, action: str, key_id: str, *, show: bool = True, priority: bool = False
) -> Binding:
    """A binding whose footer text is i18n's footer.<key_id> (help and palette: key.<key_id>)."""
    return Binding(keys, action, text(f"footer.{key_id}"), show=show, id=key_id, priority=priority)


class MainScreen(Screen[None]):
    """The one screen of ptop: what runs, who started it, and what its threads do.

    | Key | Action |
    | :- | :- |
    | q / F10 | Quit |
    | F1 / ? | Help |
    | P / M / T / N | Sort by CPU%, MEM%, TIME+, PID (htop's letters) |
    | I | Invert the sort order |
    | F6 | Sort by a column chosen from a list |
    | t / F5 | Tree view |
    | / or \\ / F4 | Filter by name, command line or user |
    | F3 | Search: jump to the next match |
    | f | Only the highlighted process's family |
    | c | Command: short names / full command line / process name |
    | k / F9 | Send a signal |
    | space / Z | Pause |
    | + / - | Slower / faster refresh |
    | x | Stop the running scenario (its whole family) |
    | s | Only the running scenario's family |
    | l | Show or hide the scenario panel |
    | L | Lesson language: English / 中文 |
    | D | Dump the scenario's Python stacks |
    | v | Show or hide the [lesson] lines in the scenario's log |
    | o | The scenario column full screen (output full width); again or Esc: back |
    """

    BINDINGS = [  # noqa: RUF012
        # Quit and help first: the footer shows keys in this order, and a narrow
        # terminal cuts its end. Descriptions come from ptop.model.i18n (footer.<id>
        # here, key.<id> in help and the palette).
        _key("q,f10", "app.quit", "quit"),
        _key("f1,question_mark", "help", "help"),
        _key("f2", "app.setup", "setup"),
        _key("P", "sort_by('cpu')", "sort-cpu", show=False),
        _key("M", "sort_by('mem')", "sort-mem", show=False),
        _key("T", "sort_by('time')", "sort-time", show=False),
        _key("N", "sort_by('pid')", "sort-pid", show=False),
        _key("I", "invert_sort", "sort-invert", show=False),
        _key("f6", "sort_menu", "sort-menu", show=False),
        _key("t,f5", "toggle_tree", "tree"),
        _key("slash,backslash,f4", "filter", "filter", priority=True),
        _key("f3", "search", "search", show=False),
        _key("f", "toggle_family", "family"),
        _key("c", "toggle_command", "command", show=False),
        _key("k,f9", "signal", "kill"),
        _key("space,Z", "toggle_pause", "pause"),
        _key("plus,equals_sign", "interval(1)", "slower", show=False),
        _key("minus", "interval(-1)", "faster", show=False),
        _key("x", "stop_scenario", "stop"),
        _key("s", "toggle_scenario_only", "scenario-only", show=False),
        _key("l", "toggle_side", "lessons"),
        _key("L", "toggle_language", "language", show=False),
        _key("D", "dump_stacks", "stacks", show=False),
        _key("v", "toggle_lesson_lines", "lesson-lines", show=False),
        _key("o", "maximize_side", "maximize", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = ProcessQuery()
        """The current sort, filter, tree and family settings."""
        self.command_mode = CommandMode.SHORT
        """What the command column shows; `c` cycles it."""
        self.paused = False
        self.snapshot: Snapshot | None = None
        """The last snapshot shown."""
        self._selected: ProcessKey | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._detail_pids: frozenset[int] = frozenset()
        self._jump_to_pid: int | None = None
        self._shown_rows: list[ProcessRow] = []
        self._family_seen = LastSeen()
        """The running scenario's processes as last seen (shown dimmed once it ends)."""
        self._lines_asked = False
        self._lines_mounted = asyncio.Event()
        """Set once the filter and search lines are mounted (see _mount_lines)."""
        self._ended: str | None = None
        """Name of the scenario whose ended family is on screen (None: a live view)."""
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
            yield SummaryBar(id="summary", lang=self.ptop.lang)
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
        self._apply_start_settings()
        self._show_language()
        self.query_one(ProcessTable).empty_message = text("empty.reading", self.ptop.lang)
        self.query_one(ProcessTable).focus()
        self.query_one(ProcessTable).set_sort_indicator(
            self.query_state.sort_key, self.query_state.reverse
        )
        if platform_note() is not None:
            lang = self.ptop.lang
            self.notify(
                text("msg.limited", lang, platform=sys.platform),
                title=text("msg.limited-title", lang),
                timeout=10,
                markup=False,
            )
        if self.ptop.initial_scenario is not None:
            # Open on the scenario's family, as `s` shows it (the README's screenshots).
            self.query_state = replace(self.query_state, tree=True, scenario_only=True)
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
            footer: Footer = Footer()
            self._fit_footer(footer)
            await self.mount(footer, before="#footer-slot")
            await self.query_one("#footer-slot").remove()
        self.refresh_bindings()  # a footer mounted late missed the first bindings update
        await self.side.build()
        # The filter and search lines are there (hidden) before anyone types: mounted on
        # the first `/`, they would miss the keys typed right after it.
        await self._mount_lines()
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
            snapshot, paused=self.paused, interval_s=self.ptop.interval_s, lang=self.ptop.lang
        )
        self.side.update_snapshot(snapshot)
        session = self.side.session
        if session is not None and session.tick is not None and self.side.feed.running:
            self._family_seen.add(session.tick.processes)
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
        ended = self._ended is not None and query.scenario_only
        if ended:
            # The scenario is over: its family as last seen stays, dimmed, until the
            # user leaves the view (s) or another run starts; never unrelated processes.
            query = replace(query, scenario_only=False, scenario_pid=None)
            rows = query.apply(self._family_seen.processes())
        else:
            rows = query.apply(snapshot.processes)
        self._shown_rows = rows
        table.update(rows, command=self.command_mode, ended=ended)
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
                self._refresh_tables()
                return
        self._selected = table.cursor_key  # type: ignore[assignment]
        self._detail_pids = self._wanted_detail_pids(snapshot)
        self._show_threads()
        self._update_note()

    def _side_hidden(self) -> bool:
        if self.has_class("-narrow"):
            return not self.has_class("-show-side")
        return self.has_class("-hide-side")

    def _update_note(self) -> None:
        """The line above the table: an ended family on screen, or a hidden lesson column."""
        lang = self.ptop.lang
        info = self.side.feed.info if self.side.built else None
        note = ""
        if self._ended is not None and self.query_state.scenario_only:
            note = text("view.ended", lang, name=self._ended)
        elif self.side.feed.running is not None and info is not None and self._side_hidden():
            note = text("view.side-hidden", lang, name=info.name)
        widget = self.query_one("#view-note", Static)
        if str(widget.content) != note:
            widget.update(note)
        widget.display = bool(note)

    def _empty_view_message(self) -> str:
        """What an empty process table says: why nothing is shown."""
        needle = self.query_state.filter_text.strip()
        if needle:
            return text("empty.no-match", self.ptop.lang, needle=repr(needle))
        return text("empty.none", self.ptop.lang)

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
        """Sort by the clicked column; clicking the sorted column inverts it (as in htop)."""
        if event.column_key == self.query_state.sort_key:
            self.action_invert_sort()
        else:
            self.action_sort_by(event.column_key)

    # -- actions -------------------------------------------------------------------

    def _set_query(self, query: ProcessQuery) -> None:
        self.query_state = query
        self.query_one(ProcessTable).set_sort_indicator(query.sort_key, query.reverse)
        self._refresh_tables()
        self.ptop.settings_changed()

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
        self.notify(text(f"msg.family-{state}", self.ptop.lang), timeout=2)

    def action_toggle_command(self) -> None:
        """Cycle the command column: short names, full command line, process name."""
        self.command_mode = self.command_mode.next()
        self.notify(text(f"command.{self.command_mode.value}", self.ptop.lang), timeout=3)
        self._refresh_tables()

    def action_invert_sort(self) -> None:
        """Reverse the order of the current sort column (htop's I)."""
        self._set_query(self.query_state.inverted())

    def action_sort_menu(self) -> None:
        """Choose the sort column from a list (htop's F6)."""

        def chosen(key: str | None) -> None:
            if key is not None:
                self.action_sort_by(key)

        self.app.push_screen(SortDialog(self.query_state.sort_key, self.ptop.lang), chosen)

    def action_filter(self) -> None:
        """Open the filter line, holding the current filter.

        A priority binding, not async: Textual hands each key to the widget focused when
        the app reads it, so `/pool` typed fast sent `pool` to the table (`t` turned the
        tree on) unless `/` moves the focus before the next key is read. In a text field
        the key is text (`scenarios/pool`), not this action.
        """
        if isinstance(self.app.focused, Input):
            raise SkipAction
        self._close_search()
        if not self.query("#filter"):  # pressed before the first frame was complete
            self.run_worker(self._open_filter_when_mounted(), group="filter-bar")
            return
        for bar in self.query("#filter").results(FilterBar):
            bar.open()  # the line holds the filter: the cursor goes after it, not over it

    async def _open_filter_when_mounted(self) -> None:
        await self._mount_lines()
        self.query_one("#filter", FilterBar).open()

    async def _mount_lines(self) -> None:
        """Mount the (hidden) filter and search lines once, whoever asks first."""
        if not self._lines_asked:
            self._lines_asked = True
            lang = self.ptop.lang
            await self.mount_all(
                [
                    FilterBar(
                        label=text("filter.label", lang),
                        placeholder=text("filter.placeholder", lang),
                        id="filter",
                    ),
                    SearchBar(
                        label=text("search.label", lang),
                        placeholder=text("search.placeholder", lang),
                        input_id="search-input",
                        id="search",
                    ),
                ]
            )
            self._lines_mounted.set()
        await self._lines_mounted.wait()

    def _close_search(self) -> None:
        for bar in self.query(SearchBar):
            bar.remove_class("-visible")

    def action_search(self) -> None:
        """Open the search line (htop's F3): the cursor jumps to matches, nothing is hidden."""
        for other in self.query("#filter"):
            other.remove_class("-visible")  # the filter still applies; it shows again after
        if not self.query(SearchBar):  # pressed before the first frame was complete
            self.run_worker(self._open_search_when_mounted(), group="search-bar")
            return
        for bar in self.query(SearchBar):
            bar.open()

    async def _open_search_when_mounted(self) -> None:
        await self._mount_lines()
        self.query_one(SearchBar).open()

    @on(Input.Changed, "#search-input")
    def _search_changed(self, event: Input.Changed) -> None:
        """Jump to the first match from the cursor on, as the user types."""
        self._jump_to_match(event.value, start_after_cursor=False)

    def on_search_bar_next(self) -> None:
        """F3 in the search line: the next match after the cursor, wrapping around."""
        self._jump_to_match(self.query_one("#search-input", Input).value, start_after_cursor=True)

    def _jump_to_match(self, needle: str, *, start_after_cursor: bool) -> None:
        needle = needle.strip().lower()
        bar = self.query_one(SearchBar)
        if not needle:
            bar.set_class(False, "-no-match")
            return
        table = self.query_one(ProcessTable)
        rows = self._shown_rows
        start = table.cursor_row + (1 if start_after_cursor else 0)
        for offset in range(len(rows)):
            row = rows[(start + offset) % len(rows)]
            if matches(row.process, needle):
                table.move_cursor_to_key(row.process.key)
                bar.set_class(False, "-no-match")
                return
        bar.set_class(True, "-no-match")

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self._set_query(replace(self.query_state, filter_text=event.value))

    def on_filter_bar_closed(self, _: FilterBar.Closed) -> None:
        """Back to the table, with or without a filter (a kept filter stays on show)."""
        for field in self.query("#filter-input").results(Input):
            if field.value:  # (the filter's own Changed message may still be on its way)
                self.query_one("#filter").add_class("-visible")
        self.set_focus(self.query_one(ProcessTable))  # at once: the next key may be `/`

    def action_toggle_pause(self) -> None:
        """Freeze the display (sampling stops too); again to resume."""
        self.paused = not self.paused
        if not self.paused:
            self._wake.set()
        if self.snapshot is not None:
            self.query_one(SummaryBar).update(
                self.snapshot,
                paused=self.paused,
                interval_s=self.ptop.interval_s,
                lang=self.ptop.lang,
            )

    def action_interval(self, direction: int) -> None:
        """Refresh less (+) or more (-) often."""
        self.ptop.interval_s = step_interval(self.ptop.interval_s, direction)
        self.notify(
            text("msg.interval", self.ptop.lang, seconds=f"{self.ptop.interval_s:g}"), timeout=2
        )
        self._wake.set()
        self.ptop.settings_changed()

    NARROW_WIDTH = 140
    """Below this many columns the scenario panel starts hidden."""

    COMPACT_FOOTER_WIDTH = 120
    """Below this many columns the footer drops its padding so that more keys fit."""

    def _fit_footer(self, footer: Footer) -> None:
        """Narrow: no padding; at 80 columns the palette's key (Ctrl+P still works) gives way."""
        footer.compact = self.size.width < self.COMPACT_FOOTER_WIDTH
        palette = self.size.width >= self.PALETTE_KEY_WIDTH
        if footer.show_command_palette != palette:
            footer.show_command_palette = palette
            if footer.is_mounted:
                footer.refresh(recompose=True)

    PALETTE_KEY_WIDTH = 100
    """Below this many columns the footer leaves out `Ctrl+P palette`."""

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW_WIDTH, "-narrow")
        for footer in self.query(Footer):
            self._fit_footer(footer)
        self._update_note()

    def action_toggle_side(self) -> None:
        """Show or hide the scenario panel and its output."""
        if self.has_class("-narrow"):
            self.toggle_class("-show-side")
        else:
            self.toggle_class("-hide-side")
        self.ptop.settings_changed()
        self._update_note()

    def action_toggle_scenario_only(self) -> None:
        """Show only the running scenario's processes (root and every descendant)."""
        if self.query_state.scenario_only:
            self._ended = None  # leaving the view lets an ended family go
        self._set_query(replace(self.query_state, scenario_only=not self.query_state.scenario_only))

    # -- scenarios -----------------------------------------------------------------

    def on_scenario_side_started(self, message: ScenarioSide.Started) -> None:
        """Put the new scenario's family in focus: marked, and the cursor on its root."""
        self._jump_to_pid = message.pid
        self._ended = None
        self._family_seen.clear()
        self._set_query(replace(self.query_state, scenario_pid=message.pid))
        self.refresh_bindings()  # x Stop and D Stacks apply now
        self._wake.set()

    def on_scenario_side_ended(self, _: ScenarioSide.Ended) -> None:
        """Stop marking the family of a scenario that is gone; its view keeps it, dimmed."""
        if self.query_state.scenario_only and self._family_seen.processes():
            info = self.side.feed.info
            self._ended = info.name if info is not None else "?"
        self._set_query(replace(self.query_state, scenario_pid=None))
        self.refresh_bindings()

    def action_stop_scenario(self) -> None:
        """End the running scenario and everything it started."""
        self.side.stop()

    def action_dump_stacks(self) -> None:
        """Show the running scenario's Python stacks in its log."""
        self.side.dump_stacks()

    def action_toggle_lesson_lines(self) -> None:
        """Show or hide the `[lesson]` lines (printed for the lesson panel) in the log."""
        self.side.toggle_machine_lines()

    def action_maximize_side(self) -> None:
        """Give the scenario column, and so its output, the whole screen; again to go back."""
        self.side.toggle_maximized()

    def action_toggle_language(self) -> None:
        """Switch the lesson texts between English and Chinese."""
        languages = list(LANGUAGES)
        self.ptop.lang = languages[(languages.index(self.ptop.lang) + 1) % len(languages)]
        self.side.set_language(self.ptop.lang)
        self._show_language()
        self._show_threads()
        self.ptop.settings_changed()
        self._update_note()

    def _show_language(self) -> None:
        """Say everything of ptop's own in the current language: keys, column titles, totals."""
        lang = self.ptop.lang
        describe_keys(self, lang)
        describe_keys(self.app, lang)
        self.query_one(ProcessTable).set_language(lang)
        if self.snapshot is not None:
            self.query_one(SummaryBar).update(
                self.snapshot, paused=self.paused, interval_s=self.ptop.interval_s, lang=lang
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing now: Stop and Stacks with no scenario, Kill read-only."""
        if action == "signal" and self.ptop.readonly:
            return False
        if action in ("stop_scenario", "dump_stacks"):
            side = getattr(self, "side", None)
            return side is not None and side.feed.running is not None
        return True

    def action_signal(self) -> None:
        """Ask which signal to send to the highlighted process, then send it."""
        if self.ptop.readonly:
            self.notify(text("msg.readonly", self.ptop.lang), severity="warning")
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
                result.words(self.ptop.lang),
                markup=False,
                severity="information" if result.ok else "error",
            )

        self.app.push_screen(SignalDialog(proc, SIGNALS, self.ptop.lang), send)

    def action_help(self) -> None:
        """Open the help screen."""
        lang = self.ptop.lang
        bindings = [
            (b.key, text(f"key.{b.id or b.action}", lang)) for b in self.ptop.help_bindings()
        ]
        self.app.push_screen(HelpScreen(bindings, lang))

    # -- settings (F2, ptop.toml) --------------------------------------------------

    def _apply_start_settings(self) -> None:
        """Show the settings this run starts with, and the -p/-u limits of the command line."""
        self.query_state = replace(
            self.query_state, only_pids=self.ptop.only_pids, only_user=self.ptop.only_user
        )
        self.apply_settings(self.ptop.settings)

    def apply_settings(self, settings: Settings) -> None:
        """Show these settings now (start-up and the setup screen).

        A theme this Textual does not have is left as it is.
        """
        self.ptop.interval_s = settings.interval_s
        self._wake.set()
        if settings.theme in self.app.available_themes and settings.theme != self.app.theme:
            self.app.theme = settings.theme
        self.set_class(not settings.scenario_column, "-hide-side")
        table = self.query_one(ProcessTable)
        table.set_hidden_columns(settings.hidden_columns - ALWAYS_SHOWN_COLUMNS)
        for _ in range(len(LANGUAGES)):
            if settings.lang is None or settings.lang == self.ptop.lang:
                break
            self.action_toggle_language()
        self._set_query(
            replace(
                self.query_state,
                sort_key=settings.sort_key,
                reverse=settings.reverse,
                tree=settings.tree,
            )
        )

    def current_settings(self) -> Settings:
        """The settings as the screen shows them now."""
        query = self.query_state
        return Settings(
            sort_key=query.sort_key,
            reverse=query.reverse,
            tree=query.tree,
            interval_s=self.ptop.interval_s,
            theme=self.app.theme,
            lang=self.ptop.lang,
            scenario_column=not self.has_class("-hide-side"),
            hidden_columns=self.query_one(ProcessTable).hidden_columns,
        )
