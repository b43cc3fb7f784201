"""Writes the SVG screenshots in screenshots/ from the real app with fixed data.

Run from the repository root:  python -m tests.make_screenshots [--out DIR] [NAME ...]
Not collected by pytest (no test_ prefix). Reuses the UI tests' app factory and fixed
processes, but always with the real scenario catalog: the UI tests' fake catalog holds
placeholder text that must never reach a screenshot (tests/ui/test_screenshot_text.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from ptop.app import PtopApp
from ptop.launcher.catalog import load_catalog
from tests.ui.conftest import make_app, ready

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (140, 40)


def screenshot_app(**kwargs: Any) -> PtopApp:
    """The app as the UI tests build it, but with the real catalog (real titles and text)."""
    kwargs.setdefault("catalog", load_catalog())
    return make_app(**kwargs)


async def _focus(pilot: Pilot[None], pid: int) -> None:
    from ptop.ui.widgets.process_table import ProcessTable

    table = pilot.app.main_screen.query_one(ProcessTable)  # type: ignore[attr-defined]
    table.move_cursor_to_key(next(r.key for r in table.rows if r.key[0] == pid))
    await pilot.pause()


async def _shot(
    name: str,
    keys: list[str],
    before: Callable[[Pilot[None]], Awaitable[None]] | None = None,
    size: tuple[int, int] = SIZE,
    out: Path = OUT,
    lang: str = "en",
) -> Path:
    app = screenshot_app(lang=lang)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        if before is not None:
            await before(pilot)
        if keys:
            await pilot.press(*keys)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        return Path(app.save_screenshot(filename=f"{name}.svg", path=str(out)))


VIEWS: dict[str, tuple[list[str], Callable[[Pilot[None]], Awaitable[None]] | None]] = {
    "main": ([], None),
    "tree": (["t"], lambda p: _focus(p, 500)),
    "thread-table": ([], lambda p: _focus(p, 500)),
    "family": (["f"], lambda p: _focus(p, 500)),
    "filter": (["slash", "p", "o", "o", "l"], None),
    "help": (["f1"], None),
    "signal-dialog": (["k"], lambda p: _focus(p, 600)),
    # Below 140 columns the lesson column starts hidden; `l` brings it in.
    "narrow": (["l"], None),
    "small": ([], None),
    "setup": (["f2"], None),
    "main-zh": ([], None),
    "help-zh": (["f1"], None),
    "setup-zh": (["f2"], None),
}
VIEW_SIZES = {"narrow": (100, 30), "small": (80, 24)}
VIEW_LANG = {"main-zh": "zh", "help-zh": "zh", "setup-zh": "zh"}
ZH_SCENARIOS = ("gil", "pool", "counter")
"""Scenarios also drawn in Chinese (scenario-NAME-zh.svg)."""


MOMENT = {"gil": 0.95, "deadlock": 0.7, "pool": 0.9, "counter": 0.9}
"""How far into a recorded run each scenario screenshot is taken (default 0.75)."""
LESSON_LANG = {"gil": "en", "counter": "en", "pool": "en", "deadlock": "en"}


async def _scenario_shot(
    scenario: str, lang: str = "en", suffix: str = "", out: Path = OUT
) -> Path:
    """Replay a recorded real run of a scenario through the app and save a screenshot."""
    from ptop.launcher.catalog import find_scenario
    from ptop.sampling.replay import ReplaySampler
    from tests.recording import ReplayRunner, load

    recording = load(scenario)
    catalog = load_catalog()
    runner = ReplayRunner(recording)
    ticks = max(2, round(len(recording.snapshots) * MOMENT.get(scenario, 0.75)))
    app = screenshot_app(
        sampler=ReplaySampler(recording.snapshots),
        runner=runner,
        catalog=catalog,
        initial_scenario=(find_scenario(scenario, catalog), ()),
        lang=lang,
    )
    async with app.run_test(size=SCENARIO_SIZE) as pilot:
        await ready(pilot)
        for snapshot in recording.snapshots[1:ticks]:
            runner.print_until(snapshot.taken_at_monotonic)
            await pilot.pause()  # let the output reach the lesson before the tick
            app.main_screen.sample_now()
            await pilot.pause()
        await pilot.pause()
        name = f"scenario-{scenario}{suffix}.svg"
        return Path(app.save_screenshot(filename=name, path=str(out)))


SCENARIO_SIZE = (160, 48)


def main(argv: list[str] | None = None) -> int:
    """Write every view (or the ones named on the command line: a view or a scenario)."""
    from tests.recording import RECORDINGS

    recorded = sorted(p.stem for p in RECORDINGS.glob("*.jsonl"))
    parser = argparse.ArgumentParser(
        prog="python -m tests.make_screenshots", description="Redraw the SVG screenshots."
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="views or recorded scenarios")
    parser.add_argument(
        "--out", type=Path, default=OUT, help=f"directory to write into (default {OUT})"
    )
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in VIEWS and n not in recorded]
    if unknown:
        parser.error(f"unknown view or scenario: {', '.join(unknown)}")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name in args.names or [*VIEWS, *recorded]:
        if name in VIEWS:
            keys, before = VIEWS[name]
            size, lang = VIEW_SIZES.get(name, SIZE), VIEW_LANG.get(name, "en")
            print(asyncio.run(_shot(name, keys, before, size, out, lang)))
        else:
            print(asyncio.run(_scenario_shot(name, out=out)))
            if name in ZH_SCENARIOS:
                print(asyncio.run(_scenario_shot(name, lang="zh", suffix="-zh", out=out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
