"""With --lang zh, everything ptop itself shows is Chinese.

Every view is drawn in Chinese and searched for English words. What is not ptop's own
stays as it is and is taken out first: what the processes are called (names, command
lines, users, thread names), what the scenario prints (its log is hidden for the check),
and a short list of words that read the same in Chinese texts (column abbreviations such
as PID and CPU%, key names, Python names such as Pool or GIL).
"""

from __future__ import annotations

import contextlib
import html
import re

import pytest
from textual.css.query import NoMatches

from ptop.launcher.catalog import load_catalog
from ptop.model.i18n import EN
from ptop.model.snapshot import Snapshot
from ptop.ui.widgets.lesson_panel import LessonPanel
from ptop.ui.widgets.scenario_log import ScenarioLog
from tests.ui.conftest import classroom_snapshot, make_app, ready, replayed_app, screen_rows

KEPT_AS_IS = frozenset(
    re.findall(
        r"\S+",
        """
        PID PPID THR CPU MEM RSS TIME TID VCSW IVCSW SYS NI
        Esc Enter Space Tab Ctrl PgUp PgDn Home End
        ptop pid ppid tid GIL Python Pool fork Process Lock Queue Thread
        multiprocessing threading subprocess asyncio hashlib join put get feeder
        communicate local SIGTERM SIGINT SIGHUP SIGKILL SIGSTOP SIGCONT SIGUSR1
        SIGUSR2 TERM INT HUP KILL STOP CONT USR1 USR2 Linux proc comm task
        English SVG add balance stdin free threaded AuthenticationError
        Thread-1 MainThread py-spy faulthandler KeyboardInterrupt nice lesson no-config
        """,
    )
)
"""Column abbreviations, key names, and Python and system names that Chinese texts keep."""
WORD = r"[A-Za-z][A-Za-z0-9_'+-]*[A-Za-z0-9]"
NOT_WORDS = re.compile(r"^(?:[dhms]?\d[\dhms]*|F\d+|Ctrl\+\w+|textual-[a-z-]+)$")
"""Durations (1h02m), function keys, key chords and Textual's theme names."""


def words_in(text: str) -> set[str]:
    return set(re.findall(WORD, text))


def process_words(snapshot: Snapshot) -> set[str]:
    """Every word a process, thread or user brings to the screen."""
    found: set[str] = set()
    for proc in snapshot.processes:
        for part in (proc.name, proc.username or "", *proc.cmdline):
            found |= words_in(part)
    for threads in snapshot.threads.values():
        for thread in threads:
            found |= words_in(thread.name)
    return found


def shown_text(app) -> str:
    """The text drawn on screen (the SVG export's text runs, without its styles and fonts)."""
    runs = re.findall(r"<text[^>]*>(.*?)</text>", app.export_screenshot(), flags=re.S)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", run)) for run in runs)


async def english_words(pilot, allowed: set[str]) -> list[str]:
    """Latin-letter words of three letters or more that are neither allowed nor data."""
    app = pilot.app
    log = None
    with contextlib.suppress(NoMatches):  # the script's own output is not ptop's
        log = app.main_screen.query_one(ScenarioLog)
        log.display = False
        await pilot.pause()
    shown = shown_text(app)
    if log is not None:
        log.display = True
    known = allowed | KEPT_AS_IS
    return sorted(
        word
        for word in words_in(shown)
        if len(word) >= 3
        and word not in known
        and not NOT_WORDS.match(word)
        # a word cut by the edge of a dialog drawn over it
        and not any(word in whole for whole in known)
    )


def allowed_from(snapshots, catalog) -> set[str]:
    allowed: set[str] = set()
    for snapshot in snapshots:
        allowed |= process_words(snapshot)
    for info in catalog:
        allowed |= words_in(info.name)
        # a scenario card quotes code (Pool(4), os.fork()): its Latin words are code
        for chinese in (info.title_zh, info.teaches_zh, info.watch_for_zh):
            allowed |= words_in(chinese or "")
    return allowed


VIEWS = {
    "main": [],
    "help": ["f1"],
    "signal": ["k"],
    "sort": ["f6"],
    "setup": ["f2"],
    "filter": ["slash"],
    "search": ["f3"],
    "tree": ["t"],
    "palette": ["ctrl+p"],
}


@pytest.mark.parametrize("size", [(160, 50), (80, 24)], ids=["160x50", "80x24"])
@pytest.mark.parametrize("view", VIEWS)
async def test_every_view_is_chinese(view, size):
    catalog = load_catalog()
    snapshot = classroom_snapshot()
    app = make_app(catalog=catalog, lang="zh")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        for key in VIEWS[view]:
            await pilot.press(key)
        await pilot.pause()
        assert await english_words(pilot, allowed_from([snapshot], catalog)) == []


@pytest.mark.parametrize("scenario", ["pool", "gil", "counter", "switching", "deadlock"])
async def test_a_running_lesson_is_chinese(scenario):
    app, runner, recording = replayed_app(scenario, "zh")
    catalog = load_catalog()
    # A phase's name (threads, unlocked) is ptop's to translate, even where a process's
    # arguments happen to contain the same word (--threads).
    phases = {key.removeprefix("word.") for key in EN if key.startswith("word.")}
    allowed = allowed_from(recording.snapshots, catalog)
    for line in recording.lines:  # the script's own words, wherever they are quoted
        allowed |= words_in(line.text)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        middle = recording.snapshots[len(recording.snapshots) // 2]
        for snapshot in recording.snapshots[1:]:
            runner.print_until(snapshot.taken_at_monotonic)
            await pilot.pause()
            app.main_screen.sample_now()
            await pilot.pause()
            if snapshot is middle:
                assert await english_words(pilot, allowed) == [], "while it runs"
        runner.finish(0)
        await pilot.pause()
        await pilot.pause()
        assert await english_words(pilot, allowed) == [], "after it ended"
        lesson = "\n".join(screen_rows(app, app.main_screen.query_one(LessonPanel)))
        assert words_in(lesson) & phases <= KEPT_AS_IS, lesson
