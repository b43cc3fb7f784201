"""UI fixtures: the real app fed by a ReplaySampler and a fake signaller; no live worker."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from ptop.app import PtopApp
from ptop.launcher.catalog import ScenarioInfo
from ptop.launcher.runner import RunningScenario
from ptop.launcher.scenario_process import OutputLine
from ptop.sampling.control import SignalResult
from ptop.sampling.replay import ReplaySampler
from tests.factories import classroom, snapshot, thread

SIZE = (120, 36)


class FakeSignaller:
    """Records what would have been signalled."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[int, float], int]] = []

    def __call__(self, key: tuple[int, float], signum: int) -> SignalResult:
        self.calls.append((key, signum))
        return SignalResult(True, f"sent {signum} to pid {key[0]}")


class FakeRunner:
    """Pretends to start scenarios: the pool scenario of the classroom snapshot is pid 500."""

    def __init__(self, pid: int = 500) -> None:
        self.pid = pid
        self.started: list[tuple[Path, tuple[str, ...]]] = []
        self.stops = 0
        self._on_line = None
        self._on_exit = None

    def start(self, script, args=(), *, on_line, on_exit, on_started=None):
        self.started.append((Path(script), tuple(args)))
        self._on_line, self._on_exit = on_line, on_exit
        if on_started is not None:
            on_started(self.pid)
        return RunningScenario(
            Path(script), tuple(args), self.pid, 1000.0 + self.pid, self.pid - 1, 0.0
        )

    def say(self, text: str, stream: str = "stdout") -> None:
        """The scenario prints a line."""
        self._on_line(OutputLine(stream, text, 0.0))

    def finish(self, code: int) -> None:
        """The scenario's family is gone."""
        self._on_exit(code)

    def stop(self, timeout_s: float = 5.0):
        self.stops += 1
        if self._on_exit is not None:
            self.finish(-15)
            self._on_exit = None
        return -15

    def close(self) -> None:
        self.stop()


def scenario_info(name: str, title: str, order: int) -> ScenarioInfo:
    return ScenarioInfo(
        name=name,
        path=Path(f"/scenarios/{name}.py"),
        order=order,
        title=title,
        teaches=f"What {name} teaches, in a sentence or two.",
        watch_for=f"What to watch while {name} runs.",
        run=f"python scenarios/{name}.py",
        sample_output="...",
        title_zh=None,
        teaches_zh=None,
        watch_for_zh=None,
    )


CATALOG = [
    scenario_info("fork", "fork: one process becomes two", 1),
    scenario_info("pool", "Pool: four workers, five tasks", 3),
    scenario_info("gil", "GIL: threads share one core, processes use them all", 8),
]


def classroom_snapshot():
    threads = {
        pid: (
            thread(pid, "python3", cpu=0.5),
            thread(pid + 1000, "Thread-1 (_hand", cpu=0.0),
            thread(pid + 1001, "Thread-2 (_hand", cpu=0.0, core=1),
            thread(pid + 1002, "Thread-3 (_hand", cpu=1.0, status="R", core=1),
        )
        for pid in (500, 501, 600)
    }
    return snapshot(classroom(), threads=threads, self_pid=400)


def make_app(**kwargs) -> PtopApp:
    """The app as the CLI builds it, with fixed data."""
    sampler = kwargs.pop("sampler", None) or ReplaySampler([classroom_snapshot()])
    kwargs.setdefault("signaller", FakeSignaller())
    kwargs.setdefault("runner", FakeRunner())
    kwargs.setdefault("catalog", CATALOG)
    return PtopApp(sampler=sampler, live=False, **kwargs)


@pytest.fixture
def app() -> PtopApp:
    return make_app()


def screen_text(app: PtopApp) -> str:
    """What the screen shows, as plain text (from Textual's own SVG export)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def ready(pilot) -> None:
    """Wait until what the main screen mounts after its first frame is there."""
    await pilot.app.main_screen.ready.wait()
    await pilot.pause()


def screen_rows(app: PtopApp, widget=None) -> list[str]:
    """The screen as drawn, one string per row; with a widget, only the cells of its region.

    Cropped by cells (a Chinese character takes two), from the compositor's own frame:
    what a terminal would show, overlaps and clipping included.
    """
    strips = app.screen._compositor.render_strips()
    if widget is None:
        return [strip.text for strip in strips]
    region = widget.region
    return [strip.crop(region.x, region.right).text for strip in strips[region.y : region.bottom]]


def replayed_app(scenario: str, lang: str = "en"):
    """The app replaying a recorded real run of a scenario: (app, runner, recording)."""
    from ptop.launcher.catalog import find_scenario, load_catalog
    from tests.recording import ReplayRunner, load

    recording = load(scenario)
    catalog = load_catalog()
    runner = ReplayRunner(recording)
    app = make_app(
        sampler=ReplaySampler(recording.snapshots),
        runner=runner,
        catalog=catalog,
        initial_scenario=(find_scenario(scenario, catalog), ()),
        lang=lang,
    )
    return app, runner, recording
