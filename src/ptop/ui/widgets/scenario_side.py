"""Provides ScenarioSide: the lesson column — scenario list, live lesson verdict and output log.

A passive view: the screen's ScenarioController tells it what to show (its methods are
the controller's ScenarioView), and a scenario picked in the list goes out as
ScenarioPanel.StartRequested for the screen to start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.containers import Vertical

from ptop.launcher.catalog import ScenarioInfo
from ptop.launcher.scenario_process import OutputLine
from ptop.model.i18n import text
from ptop.model.lessons.base import LessonView
from ptop.ui.widgets.lesson_panel import LessonPanel
from ptop.ui.widgets.scenario_log import ScenarioLog
from ptop.ui.widgets.scenario_panel import ScenarioPanel

STATUS_ROWS = 1
LESSON_BORDER_ROWS = 1
MIN_LOG_ROWS = 4
MIN_ABOUT_ROWS = 2
MIN_DETAIL_ROWS = 2


class ScenarioSide(Vertical):
    """Scenario panel, lesson panel and output log.

    The column shares its rows out itself (see _fit): the status line, the list, the
    lesson's verdict whole, then the description and the lesson's details up to what
    they need, within shares that always leave the log some rows. `o` (MainScreen)
    gives the column the whole screen, so long output lines need no wrapping.
    """

    ALLOW_MAXIMIZE = True

    def __init__(
        self, catalog: Sequence[ScenarioInfo], lang: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.catalog = list(catalog)
        self.lang = lang
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
        self.query_one(ScenarioPanel).set_catalog(self.catalog, self.lang)
        self._fit()

    # -- what the controller shows (ScenarioView) ----------------------------------

    def note(self, message: str) -> None:
        """Add one of ptop's own lines to the log."""
        if self.built:
            self.query_one(ScenarioLog).note(message)

    def write_output(self, lines: Sequence[OutputLine], dropped: int) -> None:
        """Add the scenario's output; then say how many older lines were skipped."""
        if not self.built:
            return
        log = self.query_one(ScenarioLog)
        log.write_output(lines)
        if dropped:  # after the batch: the log is bounded and would push a note out first
            log.note(text("log.skipped", self.lang, count=dropped))

    def quote(self, lines: Iterable[str]) -> None:
        """Add quoted text (a stack dump) to the log."""
        if self.built:
            self.query_one(ScenarioLog).quote(lines)

    def show_status(self, status: str, *, running: bool) -> None:
        """Show the status line."""
        if self.built:
            self.query_one(ScenarioPanel).set_status(status, running=running)

    def show_running(self, info: ScenarioInfo | None) -> None:
        """Mark the running scenario in the list; the lesson panel appears with the first."""
        if not self.built:
            return
        self.query_one(ScenarioPanel).set_running(info)
        if info is not None:
            self.query_one(LessonPanel).display = True

    def show_lesson(self, title: str, view: LessonView) -> None:
        """Show the lesson's verdict and details."""
        if not self.built:
            return
        self.query_one(LessonPanel).show(title, view, self.lang)
        self._fit()

    def warn(self, message: str, *, error: bool = False, timeout: float | None = None) -> None:
        """A toast."""
        self.notify(
            message, severity="error" if error else "information", markup=False, timeout=timeout
        )

    def set_language(self, lang: str) -> None:
        """Switch ptop's own texts of the column to another language."""
        self.lang = lang
        if not self.built:
            return
        self.query_one(ScenarioLog).lang = lang
        self.query_one(ScenarioPanel).set_catalog(self.catalog, lang)
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
