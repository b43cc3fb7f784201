"""Provides ScenarioController: the running scenario, its lesson and its output, without Textual.

Both data streams of a lesson meet here: each tick's snapshot (the family is measured
and the lesson fed) and the scenario's output lines (shown, and fed to the lesson). The
main screen owns one controller; it tells a passive view (the scenario column) what to
show and the screen what changed. Every signal it sends goes through the injected
signaller (tests pass a fake), every start and stop through the injected runner.

It lives beside ptop.ui rather than in it because it needs no Textual: it combines the
launcher (runner, catalog) with sampling (the signaller) and the model (the lesson
session), which only a layer above both may do.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from ptop.launcher.catalog import ScenarioInfo
from ptop.launcher.runner import ScenarioStartError
from ptop.launcher.scenario_process import OutputLine
from ptop.model.i18n import text
from ptop.model.index import SnapshotIndex
from ptop.model.lessons.base import LessonView
from ptop.model.lessons.session import LessonSession
from ptop.model.printable import printable_line
from ptop.model.snapshot import ProcessKey, Snapshot
from ptop.sampling.control import SignalResult
from ptop.scenario_feed import BUFFER_LINES, RunnerLike, ScenarioFeed

Signaller = Callable[[ProcessKey, int], SignalResult]
"""Sends a signal to (pid, create_time): sampling.control.send_signal, or a fake in tests."""

PY_SPY_TIMEOUT_S = 10.0
LIFECYCLE_NOTES_PER_KIND = 3
"""Family changes noted by name per tick and kind; the rest are counted."""


class ScenarioView(Protocol):
    """What the controller shows through (the scenario column; data in, nothing out)."""

    def note(self, message: str) -> None:
        """Add one of ptop's own lines to the log."""

    def write_output(self, lines: Sequence[OutputLine], dropped: int) -> None:
        """Add the scenario's output lines (and say how many were dropped before them)."""

    def quote(self, lines: Iterable[str]) -> None:
        """Add quoted text (a stack dump) to the log."""

    def show_status(self, status: str, *, running: bool) -> None:
        """Show the one-line status: what runs and for how long, or how it ended."""

    def show_running(self, info: ScenarioInfo | None) -> None:
        """Mark the running scenario in the list (None: nothing runs)."""

    def show_lesson(self, title: str, view: LessonView) -> None:
        """Show the lesson panel with this verdict."""

    def warn(self, message: str, *, error: bool = False, timeout: float | None = None) -> None:
        """Tell the user something that is not for the log (a toast)."""


class ScenarioHooks(Protocol):
    """What the controller needs from the screen that owns it."""

    def in_thread(self, work: Callable[[], None], group: str) -> None:
        """Run blocking work off the event loop."""

    def from_thread(self, call: Callable[[], None]) -> None:
        """Run call on the event loop (from a worker thread)."""

    def scenario_started(self, pid: int) -> None:
        """A scenario's root process started (called on the event loop)."""

    def scenario_ended(self) -> None:
        """The scenario's whole family is gone (called on the event loop)."""


class ScenarioController:
    """The running scenario as ptop follows it: process, output, lesson, stacks."""

    def __init__(
        self,
        runner: RunnerLike,
        signaller: Signaller,
        view: ScenarioView,
        hooks: ScenarioHooks,
        *,
        on_output: Callable[[], object],
        on_exit: Callable[[int, int], object],
        lang: str = "en",
        buffer_lines: int = BUFFER_LINES,
        find_py_spy: Callable[[], str | None] = lambda: shutil.which("py-spy"),
    ) -> None:
        """Follow scenarios started through runner.

        on_output and on_exit are called on runner threads: they must hand over to the
        event loop, which then calls output_ready() and exited() (the screen posts
        messages). find_py_spy says where py-spy is (None: use SIGUSR1).
        """
        self.feed = ScenarioFeed(runner, on_output, on_exit, buffer_lines)
        self.signaller = signaller
        self.view = view
        self.hooks = hooks
        self.lang = lang
        self.find_py_spy = find_py_spy
        self.session: LessonSession | None = None

    @property
    def running(self) -> bool:
        """Whether a scenario runs now."""
        return self.feed.running is not None

    @property
    def info(self) -> ScenarioInfo | None:
        """The scenario running or last run."""
        return self.feed.info

    def family_pids(self, index: SnapshotIndex | None = None) -> set[int]:
        """The running scenario's processes at the last tick (empty when none runs).

        Until the lesson measured its first tick, the root's descendants in index (the
        tick on screen when the scenario started), if given.
        """
        if self.session is None or self.feed.running is None:
            return set()
        if self.session.tick is None and index is not None:
            return index.family(self.session.root_pid)
        return self.session.family_pids()

    # -- running -------------------------------------------------------------------

    def start(self, info: ScenarioInfo, args: Sequence[str] = ()) -> bool:
        """Run a scenario (stopping any other); call on the event-loop thread."""
        try:
            running = self.feed.start(info, tuple(args))
        except (OSError, ScenarioStartError, RuntimeError) as error:
            message = text("side.start-error", self.lang, name=info.name, error=error)
            self.view.warn(message, error=True)
            self.view.show_status(text("side.failed", self.lang, name=info.name), running=False)
            return False
        self.session = LessonSession(info.name, running.pid)
        self.view.note(
            text("log.started", self.lang, name=info.name, pid=running.pid, title=self._title(info))
        )
        self.view.show_status(self.feed.status(lang=self.lang), running=True)
        self.view.show_running(info)
        self._show_lesson()
        self.hooks.scenario_started(running.pid)
        return True

    def stop(self) -> None:
        """End the running scenario's family, off the event loop (it waits for a grace period)."""
        if self.feed.running is None:
            self.view.warn(text("side.no-scenario", self.lang), timeout=2)
            return
        self.feed.stop_requested = True  # its exit code is then the user's doing
        self.view.show_status(self.feed.status(lang=self.lang), running=True)
        self.hooks.in_thread(self.feed.stop, "scenario-stop")

    def stop_now(self) -> None:
        """End the running scenario's family and wait for it (ptop is quitting)."""
        self.feed.stop()

    def output_ready(self) -> None:
        """Show new output; feed its lines to the lesson."""
        lines, dropped = self.feed.drain()
        self.view.write_output(lines, dropped)
        if self.session is not None:
            fed = [self.session.on_line(line.text, line.at_monotonic) for line in lines]
            if any(fed):
                self._show_lesson()

    def exited(self, run_id: int, returncode: int) -> None:
        """Report how the scenario ended, in words (ignored if an older run's)."""
        if not self.feed.exited(run_id, returncode):
            return
        self.output_ready()
        name = self.feed.info.name if self.feed.info else "scenario"
        how = self.feed.ended_how(self.lang)
        self.view.note(text("log.ended", self.lang, name=name, how=how, code=returncode))
        self.view.show_status(self.feed.status(lang=self.lang), running=False)
        self.view.show_running(None)
        self._show_lesson()
        self.hooks.scenario_ended()

    # -- per tick ------------------------------------------------------------------

    def update_snapshot(self, snapshot: Snapshot, index: SnapshotIndex | None = None) -> None:
        """Measure the scenario's family in a new snapshot (index: the snapshot's)."""
        if self.session is None or self.feed.running is None:
            return
        changes = self.session.on_snapshot(snapshot, index)
        told: dict[str, int] = {}
        for change in changes:
            told[change.kind] = told.get(change.kind, 0) + 1
            if told[change.kind] > LIFECYCLE_NOTES_PER_KIND:
                continue  # 512 processes starting at once: a few by name, then a count
            self.view.note(
                text(
                    f"lifecycle.{change.kind}",
                    self.lang,
                    pid=change.pid,
                    name=change.name,
                    ppid=change.ppid,
                )
            )
        for kind, count in told.items():
            if count > LIFECYCLE_NOTES_PER_KIND:
                more = count - LIFECYCLE_NOTES_PER_KIND
                self.view.note(text(f"lifecycle.more-{kind}", self.lang, count=more))
        status = self.feed.status(snapshot.taken_at_monotonic, self.lang)
        self.view.show_status(status, running=True)
        self._show_lesson()

    # -- showing -------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Say everything from now on in lang, and show the status and lesson again."""
        self.lang = lang
        self.show()

    def show(self) -> None:
        """Show the status and the lesson as they are now (the column was just built)."""
        self.view.show_status(self.feed.status(lang=self.lang), running=self.running)
        self._show_lesson()

    def _title(self, info: ScenarioInfo) -> str:
        return info.title_zh if self.lang == "zh" and info.title_zh else info.title

    def _show_lesson(self) -> None:
        if self.session is None or self.feed.info is None:
            return
        self.view.show_lesson(self._title(self.feed.info), self.session.view())

    # -- stacks --------------------------------------------------------------------

    def dump_stacks(self) -> None:
        """Show the running scenario's Python stacks: py-spy if installed, else SIGUSR1.

        The shipped deadlock scenario registers faulthandler on SIGUSR1, so its stacks
        arrive on stderr in the log. Only the scenario ptop started is ever signalled,
        and only through the signaller.
        """
        running = self.feed.running
        if running is None:
            self.view.warn(text("side.no-scenario", self.lang), timeout=2)
            return
        py_spy = self.find_py_spy()
        if py_spy is not None:
            self.hooks.in_thread(lambda: self._py_spy(py_spy, running.pid), "stacks")
            return
        result = self.signaller((running.pid, running.create_time), signal.SIGUSR1)
        self.view.note(text("log.sigusr1", self.lang) if result.ok else result.message)

    def _py_spy(self, py_spy: str, pid: int) -> None:
        try:
            done = subprocess.run(
                [py_spy, "dump", "--pid", str(pid)],
                capture_output=True,
                text=True,
                timeout=PY_SPY_TIMEOUT_S,
                check=False,
            )
            output = (done.stdout + done.stderr).rstrip()
        except (OSError, subprocess.TimeoutExpired) as error:
            output = text("log.py-spy-failed", self.lang, error=error)
        self.hooks.from_thread(lambda: self.show_dump(output, pid))

    def show_dump(self, output: str, pid: int = 0) -> None:
        """Quote a stack dump in the log (its thread names made printable)."""
        self.view.note(text("log.py-spy", self.lang, pid=pid))
        self.view.quote(printable_line(line) for line in output.splitlines())
