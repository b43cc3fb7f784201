"""UI fixtures: the real app fed by a ReplaySampler and a fake signaller; no live worker."""

from __future__ import annotations

import html
import re

import pytest

from ptop.app import PtopApp
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
    return PtopApp(sampler=sampler, live=False, **kwargs)


@pytest.fixture
def app() -> PtopApp:
    return make_app()


def screen_text(app: PtopApp) -> str:
    """What the screen shows, as plain text (from Textual's own SVG export)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
