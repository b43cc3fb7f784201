"""The scenario column read as a student reads it: verdict, description, log, exit words.

Lessons are driven by recordings of real runs (tests/data/recordings), replayed
through the real app as tests/make_screenshots.py does.
"""

from __future__ import annotations

import itertools
import re

import pytest
from rich.cells import cell_len
from textual.widgets import OptionList

from ptop.launcher.catalog import find_scenario, load_catalog
from ptop.model.i18n import render, text
from ptop.model.lessons.base import Verdict
from ptop.model.paragraphs import unwrap
from ptop.sampling.replay import ReplaySampler
from ptop.ui.widgets import scenario_log
from ptop.ui.widgets.lesson_panel import LessonPanel
from ptop.ui.widgets.scenario_log import ScenarioLog
from tests.ui.conftest import make_app, ready, replayed_app, screen_rows

WIDE = (160, 50)
SMALL = (80, 24)


def squeeze(words: str) -> str:
    """Text without whitespace: wrapping breaks lines at spaces (or anywhere, in Chinese)."""
    return re.sub(r"\s+", "", words)


def column_text(app) -> str:
    """What the scenario column shows, its border and scrollbar column left out."""
    side = app.main_screen.side
    rows = screen_rows(app, side)
    left = 0 if app.main_screen.maximized is side else 1
    return "\n".join(row[left:-1] if row else row for row in rows)


async def replay_to_the_end(pilot, runner, recording) -> None:
    """Every recorded tick and line, then the scenario's exit."""
    for snapshot in recording.snapshots[1:]:
        runner.print_until(snapshot.taken_at_monotonic)
        await pilot.pause()  # the output reaches the lesson before the tick
        pilot.app.main_screen.sample_now()
        await pilot.pause()
    runner.finish(0)
    await pilot.pause()
    await pilot.pause()


# -- item 5: the verdict is always in view ------------------------------------------


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["160x50", "80x24"])
@pytest.mark.parametrize(
    ("scenario", "lang"), [("switching", "en"), ("cpu-vs-io", "en"), ("cpu-vs-io", "zh")]
)
async def test_the_final_verdict_is_on_screen_whole(scenario, lang, size):
    app, runner, recording = replayed_app(scenario, lang)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        if size == SMALL:
            await pilot.press("l")  # below 140 columns the column starts hidden
        await replay_to_the_end(pilot, runner, recording)
        view = app.main_screen.scenarios.session.view()
        assert view.verdict is Verdict.AS_PREDICTED
        label = text(f"verdict.{view.verdict.value}", lang)
        verdict = text(
            "lesson.verdict", lang, label=label, explanation=render(view.verdict_text, lang)
        )
        assert squeeze(verdict) in squeeze(column_text(app))
        # The measurements scroll below it: the last one is in view too (they follow the end).
        last = render(view.lines[-1], lang)
        assert squeeze(last) in squeeze(column_text(app))


async def test_a_chinese_verdict_fills_its_rows():
    # Textual breaks only at spaces: the verdict came out as a lone "✔" row, then the
    # sentence, and Chinese rows ended wherever a space happened to be.
    app, runner, recording = replayed_app("cpu-vs-io", "zh")
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("l")
        await replay_to_the_end(pilot, runner, recording)
        verdict = app.main_screen.query_one("#lesson-verdict")
        rows = [row.rstrip() for row in screen_rows(app, verdict)]
        assert len(rows) >= 2
        assert all(cell_len(row) >= verdict.region.width - 3 for row in rows[:-1]), rows


async def test_the_details_scroll_when_the_column_is_short():
    app, runner, recording = replayed_app("switching")
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("l")
        await replay_to_the_end(pilot, runner, recording)
        details = app.main_screen.query_one("#lesson-details")
        assert details.max_scroll_y > 0
        assert details.scroll_y == details.max_scroll_y
        prediction = render(app.main_screen.scenarios.session.view().prediction, "en")
        assert squeeze(prediction) not in squeeze(column_text(app))
        details.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert squeeze(prediction) in squeeze(column_text(app))
        # Reading back is not undone by the next measurement.
        app.main_screen.scenarios.show()
        await pilot.pause()
        assert details.scroll_y == 0


# -- item 6: a readable log -------------------------------------------------------------


async def start_pool(pilot) -> None:
    options = pilot.app.main_screen.query_one("#scenario-list", OptionList)
    options.focus()
    options.highlighted = 1  # pool
    await pilot.press("enter")
    await pilot.pause()


LONG = (
    "task 4 had to wait: it started at t=3.01 s and pid 22234 had already run task 2, "
    "which is what a pool of four workers does with a fifth task"
)


async def test_long_lines_wrap_whole_behind_a_short_gutter():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.runner.say(f"[pid 500 tid 500] {LONG}")
        await pilot.pause()
        log = app.main_screen.query_one(ScenarioLog)
        rows = [row for row in screen_rows(app, log) if row.strip()]
        first = next(i for i, row in enumerate(rows) if "task 4 had" in row)
        wrapped = rows[first:]
        assert len(wrapped) >= 3  # 130 characters in a 48-column column
        assert wrapped[0].startswith("500│ ")
        assert all(row.startswith("   │ ") for row in wrapped[1:])  # a blank gutter after
        assert squeeze(LONG) in squeeze("".join(row[5:] for row in wrapped))


async def test_a_chinese_line_wraps_whole_too():
    line = (
        "线程在等待锁：Worker-AB 持有锁 A 并等待锁 B，Worker-BA 持有锁 B 并等待锁 A，谁也不会让步。"
    )
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.runner.say(f"[pid 500 tid 500] {line}")
        await pilot.pause()
        log = app.main_screen.query_one(ScenarioLog)
        rows = [row for row in screen_rows(app, log) if row.strip()]
        first = next(i for i, row in enumerate(rows) if "线程在等待锁" in row)
        assert squeeze(line) in squeeze("".join(row[5:] for row in rows[first:]))


async def test_a_stack_dump_on_stderr_is_readable_to_the_last_character():
    dump = [
        "Thread 0x00007f3a8e7fc6c0 (most recent call first):",
        '  File "/home/student/.venv/lib/python3.12/site-packages/ptop/scenarios/deadlock.py",'
        " line 123 in take_both_locks",
        '  File "/usr/lib/python3.12/threading.py", line 1010 in run',
    ]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        for line in dump:
            app.runner.say(line, stream="stderr")
        await pilot.pause()
        log = app.main_screen.query_one(ScenarioLog)
        shown = squeeze("".join(row[5:] for row in screen_rows(app, log)))
        for line in dump:
            assert squeeze(line) in shown


async def test_lesson_lines_are_hidden_until_v():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.runner.say("[pid 501 tid 501] task 0 starts")
        app.runner.say("[pid 501 tid 501] [lesson] task-start task=0 pid=501 t=0.0")
        await pilot.pause()
        log = app.main_screen.query_one(ScenarioLog)
        assert "task-start" not in column_text(app)
        app.main_screen.query_one("#processes").focus()
        await pilot.press("v")
        await pilot.pause()
        assert "[lesson] task-start task=0" in column_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert "task-start" not in column_text(app)
        assert any("task 0 starts" in line for line in log.lines)


async def test_o_gives_the_column_the_whole_screen_and_back():
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        side = app.main_screen.side
        assert not side.display  # narrow: hidden until asked
        await start_pool(pilot)
        app.runner.say(f"[pid 500 tid 500] {LONG}")
        await pilot.pause()
        app.main_screen.query_one("#processes").focus()
        await pilot.press("o")
        await pilot.pause()
        assert app.main_screen.maximized is side
        assert side.region.width == SMALL[0]
        log = app.main_screen.query_one(ScenarioLog)
        rows = [row for row in screen_rows(app, log) if "task 4 had" in row]
        assert rows
        assert len(rows[0].rstrip()) > 60
        await pilot.press("l")  # l while maximized: nothing goes blank
        await pilot.pause()
        assert side.region.width == SMALL[0]
        await pilot.press("o")
        await pilot.pause()
        assert app.main_screen.maximized is None
        assert side.display  # l above asked for the column
        assert side.region.width < SMALL[0]
        await pilot.press("l", "o", "o")  # hidden, full screen, hidden again
        await pilot.pause()
        assert side.region.width == 0


async def test_the_log_stays_bounded_and_consistent_with_its_rows():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        log = app.main_screen.query_one(ScenarioLog)
        for batch in range(3):
            for n in range(scenario_log.MAX_LINES // 2 + 7):
                app.runner.say(f"[pid 500 tid 500] batch {batch} line {n} " + "word " * (n % 15))
            await pilot.pause()
        entries = log.entries
        assert len(entries) == scenario_log.MAX_LINES
        assert log.scroll_y == log.max_scroll_y  # still following
        last = f"batch 2 line {scenario_log.MAX_LINES // 2 + 6} "
        assert entries[-1].text.startswith(last)
        assert last in column_text(app)
        # The rows kept match the entries kept: the oldest entry is the top row.
        log.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        top = screen_rows(app, log)[0]
        assert entries[0].text[:30] in top


async def test_many_family_changes_in_one_tick_are_counted_not_listed():
    from tests.factories import classroom, proc, snapshot

    first = snapshot(classroom(), at=1.0)
    workers = [proc(700 + n, 500, name=f"P-{n}") for n in range(10)]
    second = snapshot([*classroom(), *workers], at=2.0)
    app = make_app(sampler=ReplaySampler([first, first, second]))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.main_screen.sample_now()
        app.main_screen.sample_now()
        await pilot.pause()
        lines = app.main_screen.query_one(ScenarioLog).lines
        assert sum("started pid 7" in line for line in lines) == 3
        assert any("and 7 more processes started" in line for line in lines)


# -- item 8: the description box ------------------------------------------------------


async def test_the_description_is_the_running_scenarios_and_never_cut():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        about = app.main_screen.query_one("#scenario-about-text")
        assert "What fork teaches" in about.prose.plain
        await start_pool(pilot)
        assert "running: pool" in column_text(app)
        assert "What to watch while pool runs" in column_text(app)
        options = app.main_screen.query_one("#scenario-list", OptionList)
        options.highlighted = 2  # the cursor moves on while pool runs
        await pilot.pause()
        assert "running: pool" in column_text(app)
        assert "What gil teaches" not in column_text(app)
        app.runner.finish(0)
        await pilot.pause()
        # Nothing runs: the box describes the entry under the cursor.
        assert "What gil teaches" in column_text(app)
        assert "running:" not in column_text(app)


async def test_a_long_description_reflows_and_scrolls_to_its_last_word():
    catalog = load_catalog()
    app = make_app(catalog=catalog)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("l")
        await pilot.pause()
        box = app.main_screen.query_one("#scenario-about")
        fork = find_scenario("fork", catalog)
        last_words = fork.watch_for.split()[-3:]  # the box ends with what to watch
        assert box.max_scroll_y > 0  # longer than the box: it scrolls
        box.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert squeeze(" ".join(last_words)) in squeeze(column_text(app))
        # The source's line breaks are gone: a row ends early only where the next word
        # would not have fitted (or at a paragraph's end).
        box.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        width = box.region.width - 2  # its left padding and its scrollbar
        rows = [row[1:-1].rstrip() for row in screen_rows(app, box)]
        paragraphs = [fork.title, *unwrap(fork.teaches).split("\n\n"), fork.watch_for]
        ends = {paragraph.split()[-1] for paragraph in paragraphs}
        for row, following in itertools.pairwise(rows):
            if row and following and row.split()[-1] not in ends:
                assert len(row) + 1 + len(following.split()[0]) > width, (row, following)


# -- item 11: how a run ended, in words -------------------------------------------------


@pytest.mark.parametrize(
    ("code", "english", "chinese"),
    [
        (0, "pool: ended normally", "pool：正常结束"),
        (2, "pool: ended with error code 2", "pool：出错结束，错误码 2"),
        (-9, "pool: killed by signal SIGKILL", "pool：被信号 SIGKILL 终止"),
    ],
)
async def test_the_exit_is_said_in_words(code, english, chinese):
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.runner.finish(code)
        await pilot.pause()
        assert english in column_text(app)
        app.main_screen.query_one("#processes").focus()
        await pilot.press("L")
        await pilot.pause()
        assert chinese in column_text(app)


async def test_a_stop_by_the_user_is_said_as_such():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.main_screen.query_one("#processes").focus()
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "pool: stopped by you" in column_text(app)
        lines = app.main_screen.query_one(ScenarioLog).lines
        assert any("pool stopped by you (exit code -15)" in line for line in lines)


async def test_the_column_speaks_chinese_after_the_language_key():
    app = make_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await start_pool(pilot)
        app.runner.say("[pid 501 tid 501] [lesson] task-start task=0 pid=501 t=0.0")
        await pilot.pause()
        app.main_screen.query_one("#processes").focus()
        await pilot.press("L")
        app.main_screen.sample_now()
        await pilot.pause()
        shown = column_text(app)
        assert "▶ 正在运行：pool" in shown
        assert "（x 停止）" in shown
        assert app.main_screen.query_one(ScenarioLog).lang == "zh"
        assert app.main_screen.query_one(LessonPanel).display
