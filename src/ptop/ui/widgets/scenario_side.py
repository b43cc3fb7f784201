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


class ScenarioSide(Vertical):
    """Scenario panel, lesson panel and output log, with the scenario they are about."""

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
        await self.mount_all(
            [ScenarioPanel(id="scenario-panel"), lesson, ScenarioLog(id="scenario-log")]
        )
        self.query_one(ScenarioPanel).set_catalog(self.catalog, self.lang)

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
            self.notify(f"could not start {info.name}: {error}", severity="error", markup=False)
            panel.set_status(f"■ {info.name} failed to start")
            return False
        self.session = LessonSession(info.name, running.pid)
        self.query_one(ScenarioLog).note(f"{info.name} started: pid {running.pid}  ({info.title})")
        panel.set_status(self.feed.status(), running=True)
        panel.add_class("-running")  # the lesson needs the room the description took
        self.query_one(LessonPanel).display = True
        self._show_lesson()
        self.post_message(self.Started(running.pid))
        return True

    def stop(self) -> None:
        """End the running scenario's family, off the event loop (it waits for a grace period)."""
        if self.feed.running is None:
            self.notify("no scenario is running", timeout=2)
            return
        self.query_one(ScenarioPanel).set_status("stopping…", running=True)
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
            log.note(f"{dropped} earlier lines skipped: the scenario printed faster than shown")
        if self.session is not None:
            fed = [self.session.on_line(line.text, line.at_monotonic) for line in lines]
            if any(fed):
                self._show_lesson()

    def on_scenario_exited(self, message: ScenarioExited) -> None:
        """Report how the scenario ended."""
        message.stop()
        if not self.feed.exited(message.run_id, message.returncode):
            return
        self.on_scenario_output_ready(ScenarioOutputReady())
        name = self.feed.info.name if self.feed.info else "scenario"
        self.query_one(ScenarioLog).note(f"{name} exited with code {message.returncode}")
        panel = self.query_one(ScenarioPanel)
        panel.set_status(self.feed.status())
        panel.remove_class("-running")
        self._show_lesson()
        self.post_message(self.Ended())

    # -- per tick ------------------------------------------------------------------

    def update_snapshot(self, snapshot: Snapshot) -> None:
        """Measure the scenario's family in a new snapshot."""
        if self.session is None or self.feed.running is None:
            return
        log = self.query_one(ScenarioLog)
        for change in self.session.on_snapshot(snapshot):
            log.note(
                text(
                    f"lifecycle.{change.kind}",
                    self.lang,
                    pid=change.pid,
                    name=change.name,
                    ppid=change.ppid,
                )
            )
        status = self.feed.status(snapshot.taken_at_monotonic)
        self.query_one(ScenarioPanel).set_status(status, running=True)
        self._show_lesson()

    def _show_lesson(self) -> None:
        if self.session is None or self.feed.info is None:
            return
        info = self.feed.info
        title = info.title_zh if self.lang == "zh" and info.title_zh else info.title
        self.query_one(LessonPanel).show(title, self.session.view(), self.lang)

    def set_language(self, lang: str) -> None:
        """Switch every text of the column to another language."""
        self.lang = lang
        if not self.built:
            return
        self.query_one(ScenarioPanel).set_catalog(self.catalog, lang)
        self._show_lesson()

    # -- stacks --------------------------------------------------------------------

    def dump_stacks(self) -> None:
        """Show the running scenario's Python stacks: py-spy if installed, else SIGUSR1.

        The shipped deadlock scenario registers faulthandler on SIGUSR1, so its stacks
        arrive on stderr in the log. Only the scenario ptop started is ever signalled.
        """
        running = self.feed.running
        if running is None:
            self.notify("no scenario is running", timeout=2)
            return
        py_spy = shutil.which("py-spy")
        if py_spy is not None:
            self.run_worker(lambda: self._py_spy(py_spy, running.pid), thread=True, group="stacks")
            return
        result = send_signal((running.pid, running.create_time), signal.SIGUSR1)
        self.query_one(ScenarioLog).note(
            "sent SIGUSR1: a scenario with faulthandler prints its stacks below"
            if result.ok
            else result.message
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
            output = f"py-spy failed: {error}"
        self.app.call_from_thread(self._write_dump, output)

    def _write_dump(self, output: str) -> None:
        log = self.query_one(ScenarioLog)
        log.note("py-spy dump")
        for line in output.splitlines():
            log.note(printable_line(line))  # it quotes the scenario's own thread names
