"""Verdict logic of every lesson, on constructed events and ticks (no processes run)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import LessonEvent, parse_lesson_line
from ptop.model.lessons import SCENARIOS_WITH_LESSONS, Verdict, lesson_for
from tests.factories import proc, thread


def ev(line: str, at: float = 0.0) -> LessonEvent:
    event = parse_lesson_line(f"[pid 1 tid 1] [lesson] {line}", at)
    assert event is not None, line
    return event


def tick(at: float, processes, threads=None, cores: int = 2, root: int = 10) -> FamilyTick:
    return FamilyTick(
        at_monotonic=at,
        interval_s=1.0,
        root_pid=root,
        processes=tuple(processes),
        threads=threads or {},
        cores=cores,
    )


def test_lesson_lines_parse_numbers_and_reject_prose():
    event = parse_lesson_line(
        "[pid 5 tid 5] [lesson] round phase=unlocked n=1 expected=2000000 "
        "got=1734567 lost=265433 elapsed_s=0.21",
        3.0,
    )
    assert event.event == "round"
    assert event.get("phase") == "unlocked"
    assert event.int("lost") == 265433
    assert event.num("elapsed_s") == pytest.approx(0.21)
    assert event.at_monotonic == 3.0
    assert event.get("missing") is None
    assert parse_lesson_line("[pid 5 tid 5] just a line") is None
    assert parse_lesson_line("[lesson] Bad Event") is None


# -- gil ------------------------------------------------------------------------------


def gil_run(threads_cpu: float, processes_cpu: float, hashlib_cpu: float, cores: int = 2):
    lesson = lesson_for("gil")
    at = 0.0
    for name, cpu in (
        ("threads", threads_cpu),
        ("processes", processes_cpu),
        ("hashlib", hashlib_cpu),
    ):
        lesson.on_event(ev(f"phase name={name} workers=2", at))
        for step in range(1, 4):
            members = [proc(10, 1, name="python3", cpu=cpu if name != "processes" else 1.0)]
            threads = {10: (thread(10, cpu=cpu / 2), thread(11, "Spin-0", cpu=cpu / 2))}
            if name == "processes":
                members += [
                    proc(11, 10, cpu=processes_cpu / 2),
                    proc(12, 10, cpu=processes_cpu / 2),
                ]
            lesson.on_tick(tick(at + step, members, threads, cores=cores))
        at += 4
        lesson.on_event(ev(f"phase-end name={name} elapsed_s=3", at))
        yield name, lesson.view()


def test_gil_verdicts_follow_the_measurements():
    views = dict(gil_run(99.0, 196.0, 188.0))
    assert views["threads"].verdict is Verdict.AS_PREDICTED
    assert views["threads"].verdict_text.key == "gil.threads.ok"
    assert views["processes"].verdict is Verdict.AS_PREDICTED
    assert views["hashlib"].verdict is Verdict.AS_PREDICTED
    assert len(views["hashlib"].lines) == 3


def test_gil_free_threads_and_stuck_processes_are_unexpected():
    views = dict(gil_run(190.0, 100.0, 100.0))
    assert views["threads"].verdict is Verdict.UNEXPECTED
    assert views["processes"].verdict is Verdict.UNEXPECTED
    assert views["hashlib"].verdict is Verdict.UNEXPECTED


def test_gil_on_one_core_cannot_tell():
    views = dict(gil_run(99.0, 99.0, 99.0, cores=1))
    assert views["processes"].verdict is Verdict.WAITING


# -- counter --------------------------------------------------------------------------


def counter_with(rounds: list[str]):
    lesson = lesson_for("counter")
    for line in rounds:
        lesson.on_event(ev(line))
    return lesson.view()


def test_counter_reports_lost_updates_without_the_lock():
    view = counter_with(
        [
            "phase name=unlocked",
            "round phase=unlocked n=1 expected=2000000 got=1700000 lost=300000 elapsed_s=0.2",
        ]
    )
    assert view.verdict is Verdict.AS_PREDICTED
    assert view.verdict_text.key == "counter.unlocked.ok"


def test_counter_without_lost_updates_unlocked_is_unexpected_and_locked_is_fine():
    view = counter_with(
        ["phase name=unlocked", "round phase=unlocked n=1 expected=2000000 got=2000000 lost=0"]
    )
    assert view.verdict is Verdict.UNEXPECTED
    view = counter_with(
        [
            "phase name=unlocked",
            "round phase=unlocked n=1 expected=10 got=7 lost=3 elapsed_s=0.2",
            "phase name=locked",
            "round phase=locked n=1 expected=10 got=10 lost=0 elapsed_s=1.0",
        ]
    )
    assert view.verdict_text.key == "counter.locked.ok"
    assert any(line.key == "counter.cost" for line in view.lines)


def test_counter_measures_context_switch_rates_per_phase():
    lesson = lesson_for("counter")
    lesson.on_event(ev("phase name=locked"))
    lesson.on_tick(tick(1.0, [proc(10, 1)], {10: (thread(11, vcsw=100),)}))
    lesson.on_tick(tick(2.0, [proc(10, 1)], {10: (thread(11, vcsw=1100),)}))
    line = next(li for li in lesson.view().lines if li.key == "counter.phase")
    assert dict(line.params)["switches"] == "1,000"


# -- pool -----------------------------------------------------------------------------


def test_pool_fifth_task_in_a_reused_worker():
    lesson = lesson_for("pool")
    for task, pid in enumerate((21, 22, 23, 24)):
        lesson.on_event(ev(f"task-start task={task} pid={pid} t=0.01"))
    assert lesson.view().verdict is Verdict.WAITING
    status = dict(lesson.view().lines[0].params)
    assert (status["busy"], status["waiting"]) == (4, 1)
    lesson.on_event(ev("task-end task=0 pid=21 t=3.0"))
    lesson.on_event(ev("task-start task=4 pid=21 t=3.01"))
    view = lesson.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert any(li.key == "pool.reused" for li in view.lines)


def test_pool_fifth_task_in_a_new_pid_is_unexpected():
    lesson = lesson_for("pool")
    for task, pid in enumerate((21, 22, 23, 24, 25)):
        lesson.on_event(ev(f"task-start task={task} pid={pid} t=0.01"))
    assert lesson.view().verdict is Verdict.UNEXPECTED


# -- fork / process / subprocess ------------------------------------------------------


def test_family_lesson_sees_children_exits_and_orphans():
    lesson = lesson_for("fork")
    lesson.on_tick(tick(1.0, [proc(10, 9)]))
    assert lesson.view().verdict is Verdict.WAITING
    lesson.on_tick(tick(2.0, [proc(10, 9), proc(11, 10)]))
    view = lesson.view()
    assert view.verdict is Verdict.WAITING  # a running child has not ended cleanly yet
    assert view.verdict_text.key == "family.running"
    lesson.on_event(ev("exit pid=11 code=0"))
    assert lesson.view().verdict is Verdict.AS_PREDICTED
    lesson.on_tick(tick(3.0, [proc(11, 9)]))  # parent gone, child adopted
    assert any(li.key == "family.orphan" for li in lesson.view().lines)
    lesson.on_event(ev("exit pid=12 code=1"))
    assert lesson.view().verdict is Verdict.UNEXPECTED


# -- queue ----------------------------------------------------------------------------


def test_queue_feeder_thread_and_blocked_reader():
    lesson = lesson_for("queue")
    writer, reader = proc(11, 10, name="writer"), proc(12, 10, name="reader", cpu=0.0)
    lesson.on_event(ev("put item=1"))
    lesson.on_tick(
        tick(
            1.0,
            [proc(10, 9), writer, replace(reader, status="R", cpu_percent=50.0)],
            {11: (thread(11, "writer"),)},
        )
    )
    assert lesson.view().verdict is Verdict.WAITING
    lesson.on_tick(
        tick(
            2.0,
            [proc(10, 9), writer, reader],
            {11: (thread(11, "writer"), thread(13, "QueueFeederThre"))},
        )
    )
    view = lesson.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert dict(view.lines[1].params)["pid"] == 11


# -- switching, cpu-vs-io, asyncio ---------------------------------------------------


def test_switching_threads_stay_within_one_core():
    lesson = lesson_for("switching")
    lesson.on_event(ev("step kind=threads n=64 elapsed_s=2.2 cpu_s=2.2 vcsw=2948 ivcsw=12"))
    assert lesson.view().verdict is Verdict.AS_PREDICTED
    lesson.on_event(ev("step kind=threads n=2 elapsed_s=1.0 cpu_s=1.9 vcsw=1 ivcsw=1"))
    assert lesson.view().verdict is Verdict.UNEXPECTED


def test_io_threads_overlap_and_asyncio_uses_one_thread():
    io = lesson_for("cpu-vs-io")
    io.on_event(ev("phase name=sequential workers=8"))
    io.on_event(ev("phase-end name=sequential elapsed_s=8.0"))
    io.on_event(ev("phase name=io-threads workers=8"))
    io.on_tick(tick(1.0, [proc(10, 9, threads=9)]))
    io.on_event(ev("phase-end name=io-threads elapsed_s=1.0"))
    view = io.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert dict(view.lines[1].params)["threads"] == 9
    aio = lesson_for("asyncio")
    aio.on_event(ev("phase name=asyncio tasks=1000"))
    aio.on_event(ev("phase-end name=asyncio elapsed_s=1.01 os_threads=1"))
    assert aio.view().verdict is Verdict.AS_PREDICTED
    busy = lesson_for("asyncio")
    busy.on_event(ev("phase name=asyncio tasks=1000"))
    busy.on_event(ev("phase-end name=asyncio elapsed_s=1.01 os_threads=12"))
    assert busy.view().verdict is Verdict.UNEXPECTED


# -- deadlock -------------------------------------------------------------------------


def deadlock_ticks(progressing: bool):
    lesson = lesson_for("deadlock")
    lesson.on_event(ev("thread-start name=Thread-A tid=11"))
    for step in range(5):
        bump = step if progressing else 0
        threads = (
            thread(10, "python3", cpu=0.0, vcsw=50 + step),
            thread(11, "Thread-A", cpu=0.0, vcsw=7 + bump, ivcsw=0),
            thread(12, "Thread-B", cpu=0.0, vcsw=9 + bump, ivcsw=0),
        )
        lesson.on_tick(tick(float(step), [proc(10, 9, cpu=0.0, threads=3)], {10: threads}))
    return lesson.view()


def test_deadlock_is_flagged_when_threads_make_no_progress():
    view = deadlock_ticks(progressing=False)
    assert view.verdict is Verdict.ALERT
    assert view.verdict_text.key == "deadlock.flagged"
    assert dict(view.lines[1].params)["name"] == "Thread-A"


def test_sleeping_but_progressing_scenario_is_not_deadlocked():
    assert deadlock_ticks(progressing=True).verdict is Verdict.WAITING


# -- distributed, threads -------------------------------------------------------------


def test_distributed_counts_tasks_results_and_the_rejected_key():
    lesson = lesson_for("distributed")
    lesson.on_event(ev("serving host=127.0.0.1 port=40123"))
    lesson.on_event(ev("sent n=3"))
    assert lesson.view().verdict is Verdict.WAITING
    lesson.on_event(ev("result n=3 value=9 worker=77"))
    lesson.on_event(ev("auth-rejected"))
    view = lesson.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert {li.key for li in view.lines} >= {"distributed.serving", "distributed.rejected"}


def test_named_threads_are_matched_with_their_os_names():
    lesson = lesson_for("threads")
    lesson.on_event(ev("thread-start name=LoopThread tid=11"))
    lesson.on_event(ev("thread-start name=AVeryLongThreadName tid=12"))
    lesson.on_tick(tick(1.0, [proc(10, 9)], {10: (thread(11, "python3"),)}))
    assert lesson.view().verdict is Verdict.WAITING
    lesson.on_tick(
        tick(2.0, [proc(10, 9)], {10: (thread(11, "LoopThread"), thread(12, "AVeryLongThread"))})
    )
    view = lesson.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert dict(view.verdict_text.params) == {"matched": 2, "total": 2}


def test_every_shipped_scenario_has_its_own_lesson():
    from ptop.launcher.catalog import load_catalog

    names = {info.name for info in load_catalog()}
    assert names == set(SCENARIOS_WITH_LESSONS)
    for name in names:
        assert lesson_for(name).prediction_key != "family.prediction", name


def test_counter_uses_the_rounds_own_switch_counts_for_phases_shorter_than_a_tick():
    lesson = lesson_for("counter")
    lesson.on_event(ev("phase name=unlocked"))
    # Two rounds of 0.2 s: no refresh lies inside this phase.
    lesson.on_event(ev("round phase=unlocked n=1 expected=10 got=7 lost=3 elapsed_s=0.2 vcsw=80"))
    lesson.on_event(ev("round phase=unlocked n=2 expected=10 got=8 lost=2 elapsed_s=0.2 vcsw=120"))
    lesson.on_event(ev("phase name=locked"))
    lesson.on_tick(tick(1.0, [proc(10, 1)], {10: (thread(11, vcsw=100),)}))
    lesson.on_tick(tick(2.0, [proc(10, 1)], {10: (thread(11, vcsw=30100),)}))
    rates = {
        dict(li.params)["phase"]: dict(li.params)["switches"]
        for li in lesson.view().lines
        if li.key == "counter.phase"
    }
    assert rates == {"unlocked": "500", "locked": "30,000"}


def test_family_lesson_waits_for_children_that_end_without_saying_so():
    lesson = lesson_for("process")
    lesson.on_tick(tick(1.0, [proc(10, 9), proc(11, 10, status="S")]))
    assert lesson.view().verdict is Verdict.WAITING
    lesson.on_tick(tick(2.0, [proc(10, 9), proc(11, 10, status="Z")]))
    assert lesson.view().verdict is Verdict.WAITING  # exited, not reaped yet
    lesson.on_tick(tick(3.0, [proc(10, 9)]))
    assert lesson.view().verdict is Verdict.AS_PREDICTED


# -- threadlocal ----------------------------------------------------------------------


def test_threadlocal_each_thread_reads_back_its_own_value():
    lesson = lesson_for("threadlocal")
    lesson.on_event(ev("thread-start name=Thread-A tid=2 student=Alice"))
    lesson.on_event(ev("thread-start name=Thread-B tid=3 student=Bob"))
    lesson.on_event(ev("thread-end name=Thread-B student=Bob"))
    assert lesson.view().verdict is Verdict.WAITING  # Thread-A has not read back yet
    lesson.on_event(ev("thread-end name=Thread-A student=Alice"))
    view = lesson.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert view.verdict_text.key == "local.ok"
    assert [dict(li.params)["read"] for li in view.lines] == ["Alice", "Bob"]


def test_threadlocal_a_shared_value_is_not_what_the_lesson_predicts():
    # What a plain global would give: the last writer's value everywhere.
    lesson = lesson_for("threadlocal")
    lesson.on_event(ev("thread-start name=Thread-A tid=2 student=Alice"))
    lesson.on_event(ev("thread-start name=Thread-B tid=3 student=Bob"))
    lesson.on_event(ev("thread-end name=Thread-A student=Bob"))
    lesson.on_event(ev("thread-end name=Thread-B student=Bob"))
    assert lesson.view().verdict is Verdict.UNEXPECTED


def test_threadlocal_with_one_thread_still_reaches_a_verdict():
    lesson = lesson_for("threadlocal")
    lesson.on_event(ev("thread-start name=Thread-A tid=2 student=Alice"))
    assert lesson.view().verdict is Verdict.WAITING
    lesson.on_event(ev("thread-end name=Thread-A student=Alice"))
    assert lesson.view().verdict is Verdict.AS_PREDICTED
