"""Provides ScenarioSide: the lesson column — scenario list, live lesson verdict and output log.

It owns the running scenario (through ScenarioFeed) and its LessonSession; the screen
gives it each snapshot and hears back when a scenario starts or ends.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
from collections.abc import Sequence

from textual.containers import Vertical
from textual.message import Message

from ptop.launcher.catalog import ScenarioInfo
from ptop.launcher.runner import ScenarioStartError
from ptop.model.i18n import text
from ptop.model.lessons.session import LessonSession
from ptop.model.printable import printable_line
from ptop.model.snapshot import Snapshot
from ptop.sampling.control import send_signal
from ptop.ui.messages import ScenarioExited, ScenarioOutputReady
from ptop.ui.scenario_feed import RunnerLike, ScenarioFeed
from ptop.ui.widgets.lesson_panel import LessonPanel
from ptop.ui.widgets.scenario_log import ScenarioLog
from ptop.ui.widgets.scenario_panel import ScenarioPanel

PY_SPY_TIMEOUT_S = 10.0
STATUS_ROWS = 1
LESSON_BORDER_ROWS = 1
MIN_LOG_ROWS = 4
MIN_ABOUT_ROWS = 2
MIN_DETAIL_ROWS = 2
LIFECYCLE_NOTES_PER_KIND = 3
"""Family changes noted by name per tick and kind; the rest are counted."""


class ScenarioSide(Vertical):
    """Scenario panel, lesson panel and output log, with the scenario they are about.

    The column shares its rows out itself (see _fit): the status line, the list, the
    lesson's verdict whole, then the description and the lesson's details up to what
    they need, within shares that always leave the log some rows. `o` (MainScreen)
    gives the column the whole screen, so long output lines need no wrapping.
    """

    ALLOW_MAXIMIZE = True

    class Started(Message):
        """A scenario's root process started."""

        def __init__(self, pid: int) -> None:
            self.pid = pid
            super().__init__()

    class Ended(Message):
        """The scenario's whole family is gone."""

    def __init__(
        self,
        runner: RunnerLike,
        catalog: Sequence[ScenarioInfo],
        lang: str,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.catalog = list(catalog)
        self.lang = lang
        self.feed = ScenarioFeed(runner, self.post_message)
        self.session: LessonSession | None = None
        self.built = False
        """Whether the list, lesson and log are mounted (see build)."""

    async def build(self) -> None:
        """Mount the scenario list, the lesson panel and the log.

        The column starts empty so that the first frame does not wait for these
        widgets; the screen builds it right after that frame.
        """
        if self.built:
            return
        self.built = True
        lesson = LessonPanel(id="lesson-panel")
        lesson.display = False
        log = ScenarioLog(id="scenario-log")
        log.lang = self.lang
        await self.mount_all([ScenarioPanel(id="scenario-panel"), lesson, log])
        panel = self.query_one(ScenarioPanel)
        panel.set_catalog(self.catalog, self.lang)
        panel.set_status(self.feed.status(lang=self.lang))
        self._fit()

    def on_unmount(self) -> None:
        # Leaving the screen (quitting ptop in any way that lets Textual unwind) ends the
        # scenario's family; the supervisor's parent-death signal covers the other ways.
        self.feed.stop()

    # -- running -------------------------------------------------------------------

    def start(self, info: ScenarioInfo, args: Sequence[str] = ()) -> bool:
        """Run a scenario (stopping any other); call on the event-loop thread."""
        panel = self.query_one(ScenarioPanel)
        try:
            running = self.feed.start(info, tuple(args))
        except (OSError, ScenarioStartError, RuntimeError) as error:
            message = text("side.start-error", self.lang, name=info.name, error=error)
            self.notify(message, severity="error", markup=False)
            panel.set_status(text("side.failed", self.lang, name=info.name))
            return False
        self.session = LessonSession(info.name, running.pid)
        self.query_one(ScenarioLog).note(
            text("log.started", self.lang, name=info.name, pid=running.pid, title=self._title(info))
        )
        panel.set_status(self.feed.status(lang=self.lang), running=True)
        panel.set_running(info)
        self.query_one(LessonPanel).display = True
        self._show_lesson()
        self.post_message(self.Started(running.pid))
        return True

    def stop(self) -> None:
        """End the running scenario's family, off the event loop (it waits for a grace period)."""
        if self.feed.running is None:
            self.notify(text("side.no-scenario", self.lang), timeout=2)
            return
        self.feed.stop_requested = True  # its exit code is then the user's doing
        self.query_one(ScenarioPanel).set_status(self.feed.status(lang=self.lang), running=True)
        self.run_worker(self.feed.stop, thread=True, group="scenario-stop")

    def family_pids(self) -> set[int]:
        """The running scenario's processes at the last tick (empty when none runs)."""
        if self.session is None or self.feed.running is None:
            return set()
        return self.session.family_pids()

    def on_scenario_panel_start_requested(self, message: ScenarioPanel.StartRequested) -> None:
        """Run the scenario picked in the list."""
        message.stop()
        self.start(message.info)

    def on_scenario_output_ready(self, message: ScenarioOutputReady) -> None:
        """Show new output; feed its [lesson] lines to the lesson."""
        message.stop()
        lines, dropped = self.feed.drain()
        log = self.query_one(ScenarioLog)
        log.write_output(lines)
        if dropped:  # after the batch: the log is bounded and would push a note out first
            log.note(text("log.skipped", self.lang, count=dropped))
        if self.session is not None:
            fed = [self.session.on_line(line.text, line.at_monotonic) for line in lines]
            if any(fed):
                self._show_lesson()

    def on_scenario_exited(self, message: ScenarioExited) -> None:
        """Report how the scenario ended, in words."""
        message.stop()
        if not self.feed.exited(message.run_id, message.returncode):
            return
        self.on_scenario_output_ready(ScenarioOutputReady())
        name = self.feed.info.name if self.feed.info else "scenario"
        how = self.feed.ended_how(self.lang)
        self.query_one(ScenarioLog).note(
            text("log.ended", self.lang, name=name, how=how, code=message.returncode)
        )
        panel = self.query_one(ScenarioPanel)
        panel.set_status(self.feed.status(lang=self.lang))
        panel.set_running(None)
        self._show_lesson()
        self.post_message(self.Ended())

    # -- per tick ------------------------------------------------------------------

    def update_snapshot(self, snapshot: Snapshot) -> None:
        """Measure the scenario's family in a new snapshot."""
        if self.session is None or self.feed.running is None:
            return
        log = self.query_one(ScenarioLog)
        changes = self.session.on_snapshot(snapshot)
        told: dict[str, int] = {}
        for change in changes:
            told[change.kind] = told.get(change.kind, 0) + 1
            if told[change.kind] > LIFECYCLE_NOTES_PER_KIND:
                continue  # 512 processes starting at once: a few by name, then a count
            log.note(
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
                log.note(text(f"lifecycle.more-{kind}", self.lang, count=more))
        status = self.feed.status(snapshot.taken_at_monotonic, self.lang)
        self.query_one(ScenarioPanel).set_status(status, running=True)
        self._show_lesson()

    def _title(self, info: ScenarioInfo) -> str:
        return info.title_zh if self.lang == "zh" and info.title_zh else info.title

    def _show_lesson(self) -> None:
        if self.session is None or self.feed.info is None:
            return
        lesson = self.query_one(LessonPanel)
        lesson.show(self._title(self.feed.info), self.session.view(), self.lang)
        self._fit()

    def set_language(self, lang: str) -> None:
        """Switch every text of the column to another language."""
        self.lang = lang
        if not self.built:
            return
        self.query_one(ScenarioLog).lang = lang
        panel = self.query_one(ScenarioPanel)
        panel.set_catalog(self.catalog, lang)
        panel.set_status(self.feed.status(lang=lang), running=self.feed.running is not None)
        self._show_lesson()
        self._fit()

    # -- room ----------------------------------------------------------------------

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Share the column's rows: the verdict whole, the log never squeezed out.

        The list keeps a few rows (fewer while a lesson is shown and the column is
        short); the log at least a quarter (half when maximized); the lesson's details
        and then the description share the rest.
        """
        if not self.built or not self.size.height:
            return
        height, width = self.size.height, self.size.width
        panel = self.query_one(ScenarioPanel)
        lesson = self.query_one(LessonPanel)
        list_rows = min(len(self.catalog), 8)
        if lesson.display:
            list_rows = min(list_rows, 4 if height >= 30 else 2)
        # `o` is pressed to read the output: then it gets half the screen, else a quarter.
        log_rows = max(MIN_LOG_ROWS, height // (2 if self.screen.maximized is self else 4))
        free = height - STATUS_ROWS - list_rows - log_rows
        if not lesson.display:
            panel.fit(list_rows, max(MIN_ABOUT_ROWS, free))
            return
        free -= LESSON_BORDER_ROWS + lesson.verdict_rows(width)
        # The lesson's details come first; the description keeps a couple of rows.
        details_rows = max(MIN_DETAIL_ROWS, min(lesson.details_rows(width), free - MIN_ABOUT_ROWS))
        about_rows = max(MIN_ABOUT_ROWS, min(panel.about_rows(width), free - details_rows))
        panel.fit(list_rows, about_rows)
        lesson.fit_details(details_rows)

    def toggle_maximized(self) -> None:
        """Give the column the whole screen (long lines unwrapped), or back to its place."""
        screen = self.screen
        if screen.maximized is self:
            screen.minimize()
        else:
            screen.maximize(self, container=False)

    def toggle_machine_lines(self) -> None:
        """Show or hide the `[lesson]` lines in the log."""
        log = self.query_one(ScenarioLog)
        log.set_show_machine_lines(not log.show_machine_lines)
        key = "log.machine-shown" if log.show_machine_lines else "log.machine-off"
        self.notify(text(key, self.lang), timeout=3)

    # -- stacks --------------------------------------------------------------------

    def dump_stacks(self) -> None:
        """Show the running scenario's Python stacks: py-spy if installed, else SIGUSR1.

        The shipped deadlock scenario registers faulthandler on SIGUSR1, so its stacks
        arrive on stderr in the log. Only the scenario ptop started is ever signalled.
        """
        running = self.feed.running
        if running is None:
            self.notify(text("side.no-scenario", self.lang), timeout=2)
            return
        py_spy = shutil.which("py-spy")
        if py_spy is not None:
            self.run_worker(lambda: self._py_spy(py_spy, running.pid), thread=True, group="stacks")
            return
        result = send_signal((running.pid, running.create_time), signal.SIGUSR1)
        self.query_one(ScenarioLog).note(
            text("log.sigusr1", self.lang) if result.ok else result.message
        )

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
        self.app.call_from_thread(self._write_dump, output, pid)

    def _write_dump(self, output: str, pid: int = 0) -> None:
        log = self.query_one(ScenarioLog)
        log.note(text("log.py-spy", self.lang, pid=pid))
        log.quote(printable_line(line) for line in output.splitlines())  # it quotes thread names
