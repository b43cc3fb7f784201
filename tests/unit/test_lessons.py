"""Verdict logic of every lesson, on constructed events and ticks (no processes run)."""

from __future__ import annotations

from dataclasses import replace

from ptop.model.family import FamilyTick
from ptop.model.lesson_lines import PHASE, LessonEvent, line, parse_line
from ptop.model.lessons import Lesson, Verdict
from ptop.model.lessons.registry import lesson_for, scenarios_with_lessons
from tests.factories import proc, thread


def say(lesson: Lesson, text: str, at: float = 0.0) -> None:
    """Feed a line of scenario output, as the scenario prints it; the lesson must read it."""
    assert lesson.read_line(text, at), f"{type(lesson).__name__} did not read: {text!r}"


def tick(at: float, processes, threads=None, cores: int = 2, root: int = 10) -> FamilyTick:
    return FamilyTick(
        at_monotonic=at,
        interval_s=1.0,
        root_pid=root,
        processes=tuple(processes),
        threads=threads or {},
        cores=cores,
    )


def test_prose_lines_carry_their_numbers_with_units():
    patterns = (line("task-start", r"^task (?P<task>\d+) starts\b"),)
    event = parse_line("task 1 starts in ForkPoolWorker-2 · pid=31671 t=0.02s", patterns, 3.0)
    assert isinstance(event, LessonEvent)
    assert event.event == "task-start"
    assert (event.int("task"), event.int("pid"), event.num("t")) == (1, 31671, 0.02)
    assert event.at_monotonic == 3.0
    assert event.get("missing") is None
    assert parse_line("task one starts · pid=3", patterns) is None
    assert parse_line("just a line", patterns) is None
    late = parse_line("phase convoy: 300 naps · late=5.57ms, sleeps=300", (PHASE,))
    assert late is not None
    assert (late.get("name"), late.num("late"), late.int("sleeps")) == ("convoy", 5.57, 300)
    counted = parse_line("phase x: expected=2,000,000 got=-12", (PHASE,))
    assert counted is not None
    assert (counted.int("expected"), counted.int("got")) == (2_000_000, -12)


def test_origin_prefixes_and_the_older_machine_form_are_still_read():
    patterns = (line("task-start", r"^task (?P<task>\d+) starts\b"),)
    for prefix in ("[pid 5 tid 6] ", "[5] ", ""):
        event = parse_line(f"{prefix}task 2 starts · pid=5", patterns)
        assert event is not None
        assert event.int("task") == 2, prefix
    machine = parse_line("[pid 5 tid 5] [lesson] round phase=unlocked n=1 lost=265433")
    assert machine is not None
    assert (machine.event, machine.get("phase"), machine.int("lost")) == (
        "round",
        "unlocked",
        265433,
    )
    assert parse_line("[lesson] Bad Event") is None
    assert parse_line("the word [lesson] inside prose") is None


# -- gil ------------------------------------------------------------------------------


def gil_run(threads_cpu: float, processes_cpu: float, hashlib_cpu: float, cores: int = 2):
    lesson = lesson_for("gil")
    at = 0.0
    for name, cpu in (
        ("threads", threads_cpu),
        ("processes", processes_cpu),
        ("hashlib", hashlib_cpu),
    ):
        say(lesson, f"phase {name}: 2 workers spin on x = x ^ 1 · workers=2", at)
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
        say(lesson, f"phase {name} done · cores=1.00 (CPU seconds per wall second)", at)
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
    for text in rounds:
        say(lesson, text)
    return lesson.view()


def test_counter_reports_lost_updates_without_the_lock():
    view = counter_with(
        [
            "phase unlocked: 2 threads x 1,000,000 x balance = add(balance, 1)",
            "unlocked round 1: expected 2,000,000, got 1,700,000: off by 300,000 · elapsed=0.20s",
        ]
    )
    assert view.verdict is Verdict.AS_PREDICTED
    assert view.verdict_text.key == "counter.unlocked.ok"


def test_counter_without_lost_updates_unlocked_is_unexpected_and_locked_is_fine():
    view = counter_with(
        [
            "phase unlocked: 2 threads x 1,000,000 x balance = add(balance, 1)",
            "unlocked round 1: expected 2,000,000, got 2,000,000: correct · elapsed=0.20s",
        ]
    )
    assert view.verdict is Verdict.UNEXPECTED
    view = counter_with(
        [
            "phase unlocked: 2 threads x 5 x balance = add(balance, 1)",
            "unlocked round 1: expected 10, got 7: off by 3 · elapsed=0.20s switches=1",
            "phase locked: the same deposits inside `with lock:`",
            "locked round 1: expected 10, got 10: correct · elapsed=1.00s switches=9",
        ]
    )
    assert view.verdict_text.key == "counter.locked.ok"
    assert any(line.key == "counter.cost" for line in view.lines)


def test_counter_measures_context_switch_rates_per_phase():
    lesson = lesson_for("counter")
    say(lesson, "phase locked: the same deposits inside `with lock:`")
    lesson.on_tick(tick(1.0, [proc(10, 1)], {10: (thread(11, vcsw=100),)}))
    lesson.on_tick(tick(2.0, [proc(10, 1)], {10: (thread(11, vcsw=1100),)}))
    line = next(li for li in lesson.view().lines if li.key == "counter.phase")
    assert dict(line.params)["switches"] == "1,000"


# -- pool -----------------------------------------------------------------------------


def test_pool_fifth_task_in_a_reused_worker():
    lesson = lesson_for("pool")
    for task, pid in enumerate((21, 22, 23, 24)):
        say(lesson, f"task {task} starts in ForkPoolWorker-{task} · pid={pid} t=0.01s")
    assert lesson.view().verdict is Verdict.WAITING
    status = dict(lesson.view().lines[0].params)
    assert (status["busy"], status["waiting"]) == (4, 1)
    say(lesson, "task 0 ends in ForkPoolWorker-1 · pid=21 t=3.00s")
    say(lesson, "task 4 starts in ForkPoolWorker-1 · pid=21 t=3.01s")
    view = lesson.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert any(li.key == "pool.reused" for li in view.lines)


def test_pool_fifth_task_in_a_new_pid_is_unexpected():
    lesson = lesson_for("pool")
    for task, pid in enumerate((21, 22, 23, 24, 25)):
        say(lesson, f"task {task} starts in ForkPoolWorker-{task} · pid={pid} t=0.01s")
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
    say(lesson, "child exited · pid=11 code=0")
    assert lesson.view().verdict is Verdict.AS_PREDICTED
    lesson.on_tick(tick(3.0, [proc(11, 9)]))  # parent gone, child adopted
    assert any(li.key == "family.orphan" for li in lesson.view().lines)
    say(lesson, "joined Child-2: it exited · pid=12 code=1")
    assert lesson.view().verdict is Verdict.UNEXPECTED


# -- queue ----------------------------------------------------------------------------


def test_queue_feeder_thread_and_blocked_reader():
    lesson = lesson_for("queue")
    writer, reader = proc(11, 10, name="writer"), proc(12, 10, name="reader", cpu=0.0)
    say(lesson, "writer put 1")
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
    say(lesson, "threads n=64: start 0.01s · elapsed=2.20s cpu=2.20s switches=2960")
    assert lesson.view().verdict is Verdict.AS_PREDICTED
    say(lesson, "threads n=2: start 0.00s · elapsed=1.00s cpu=1.90s switches=2")
    assert lesson.view().verdict is Verdict.UNEXPECTED


def test_io_threads_overlap_and_asyncio_uses_one_thread():
    io = lesson_for("cpu-vs-io")
    say(io, "phase sequential: 8 waits of 1.00 s, one after another · workers=8")
    say(io, "phase sequential done · elapsed=8.00s cpu=0.00s")
    say(io, "phase io-threads: the same 8 waits in 8 threads · workers=8")
    io.on_tick(tick(1.0, [proc(10, 9, threads=9)]))
    say(io, "phase io-threads done · elapsed=1.00s cpu=0.01s")
    view = io.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert dict(view.lines[1].params)["threads"] == 9
    aio = lesson_for("asyncio")
    say(aio, "phase asyncio: 1000 concurrent waits of 1 s · tasks=1000")
    say(aio, "phase asyncio done · elapsed=1.01s cpu=0.01s os_threads=1")
    assert aio.view().verdict is Verdict.AS_PREDICTED
    busy = lesson_for("asyncio")
    say(busy, "phase asyncio: 1000 concurrent waits of 1 s · tasks=1000")
    say(busy, "phase asyncio done · elapsed=1.01s cpu=0.01s os_threads=12")
    assert busy.view().verdict is Verdict.UNEXPECTED


# -- deadlock -------------------------------------------------------------------------


def deadlock_ticks(progressing: bool):
    lesson = lesson_for("deadlock")
    say(lesson, "Thread-A holds lock A; in 0.1 s it asks for lock B · tid=11")
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
    say(lesson, "the manager serves two queues on 127.0.0.1:40123 only")
    say(lesson, "put task 3")
    assert lesson.view().verdict is Verdict.WAITING
    say(lesson, "worker 77 sent back 3 * 3 = 9")
    say(lesson, "a client with key b'abc' was refused: AuthenticationError: digest sent was …")
    view = lesson.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert {li.key for li in view.lines} >= {"distributed.serving", "distributed.rejected"}


def test_named_threads_are_matched_with_their_os_names():
    lesson = lesson_for("threads")
    say(lesson, "thread LoopThread is running · tid=11")
    say(lesson, "thread AVeryLongThreadName is running · tid=12")
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
    assert names == set(scenarios_with_lessons())
    for name in names:
        assert lesson_for(name).prediction_key != "family.prediction", name


def test_counter_uses_the_rounds_own_switch_counts_for_phases_shorter_than_a_tick():
    lesson = lesson_for("counter")
    say(lesson, "phase unlocked: 2 threads x 10 x balance = add(balance, 1)")
    # Two rounds of 0.2 s: no refresh lies inside this phase.
    say(lesson, "unlocked round 1: expected 10, got 7: off by 3 · elapsed=0.20s switches=80")
    say(lesson, "unlocked round 2: expected 10, got 8: off by 2 · elapsed=0.20s switches=120")
    say(lesson, "phase locked: the same deposits inside `with lock:`")
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
    say(lesson, "Thread-A stores student=Alice · tid=2")
    say(lesson, "Thread-B stores student=Bob · tid=3")
    say(lesson, "Thread-B reads back student=Bob at the end")
    assert lesson.view().verdict is Verdict.WAITING  # Thread-A has not read back yet
    say(lesson, "Thread-A reads back student=Alice at the end")
    view = lesson.view()
    assert view.verdict is Verdict.AS_PREDICTED
    assert view.verdict_text.key == "local.ok"
    assert [dict(li.params)["read"] for li in view.lines] == ["Alice", "Bob"]


def test_threadlocal_a_shared_value_is_not_what_the_lesson_predicts():
    # What a plain global would give: the last writer's value everywhere.
    lesson = lesson_for("threadlocal")
    say(lesson, "Thread-A stores student=Alice · tid=2")
    say(lesson, "Thread-B stores student=Bob · tid=3")
    say(lesson, "Thread-A reads back student=Bob at the end")
    say(lesson, "Thread-B reads back student=Bob at the end")
    assert lesson.view().verdict is Verdict.UNEXPECTED


def test_threadlocal_with_one_thread_still_reaches_a_verdict():
    lesson = lesson_for("threadlocal")
    say(lesson, "Thread-A stores student=Alice · tid=2")
    assert lesson.view().verdict is Verdict.WAITING
    say(lesson, "Thread-A reads back student=Alice at the end")
    assert lesson.view().verdict is Verdict.AS_PREDICTED
