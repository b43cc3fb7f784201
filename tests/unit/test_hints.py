from ptop.model.hints import StallTracker, gil_bound
from tests.factories import proc, thread


def spinner_threads(cpu_each: float, n: int = 2):
    return [
        thread(100 + i, f"Spin-{i}", cpu=cpu_each, status="R" if i == 0 else "S") for i in range(n)
    ]


def test_two_python_threads_sharing_one_core_are_gil_bound():
    python = proc(100, name="python3", cpu=99.0, threads=3)
    assert gil_bound(python, spinner_threads(49.5), cores=2)


def test_gil_free_work_past_one_core_is_not_gil_bound():
    hashing = proc(100, name="python3", cpu=191.0, threads=3)
    assert not gil_bound(hashing, spinner_threads(95.5), cores=2)


def test_one_busy_thread_is_no_contention():
    python = proc(100, name="python3", cpu=99.0)
    assert not gil_bound(python, [thread(100, cpu=99.0), thread(101, cpu=0.0)], cores=2)


def test_not_python_or_one_core_is_not_flagged():
    c_program = proc(100, name="worker", cmdline=("/usr/bin/worker",), cpu=99.0)
    assert not gil_bound(c_program, spinner_threads(49.5), cores=2)
    assert not gil_bound(proc(100, name="python3", cpu=99.0), spinner_threads(49.5), cores=1)


def stuck(tid, name="Worker", vcsw=5):
    return thread(tid, name, cpu=0.0, status="S", vcsw=vcsw, ivcsw=0)


def test_threads_asleep_without_progress_are_a_possible_deadlock():
    tracker = StallTracker()
    for at in (0.0, 1.0, 2.0, 3.0):
        tracker.observe([stuck(1, "main", vcsw=10 + int(at)), stuck(2), stuck(3)], at)
    assert tracker.stalled() == [2, 3]
    assert tracker.possible_deadlock()


def test_sleeping_but_progressing_threads_are_not_deadlocked():
    tracker = StallTracker()
    for step in range(6):
        tracker.observe([stuck(2, vcsw=10 + step), stuck(3, vcsw=20 + step)], float(step))
    assert tracker.stalled() == []
    assert not tracker.possible_deadlock()


def test_too_soon_to_tell_and_running_threads_clear_the_flag():
    tracker = StallTracker()
    tracker.observe([stuck(2), stuck(3)], 0.0)
    tracker.observe([stuck(2), stuck(3)], 1.0)
    assert not tracker.possible_deadlock()
    tracker.observe([stuck(2), stuck(3), thread(4, status="R", cpu=50.0)], 3.0)
    assert not tracker.possible_deadlock()


def test_core_markers_name_busy_threads_by_their_last_core():
    from ptop.model.hints import core_markers

    threads = [
        thread(1, "Spin-0", cpu=50.0, core=0),
        thread(2, "Spin-1", cpu=50.0, core=1),
        thread(3, "idle", cpu=0.0, core=1),
        thread(4, "Hash-1", cpu=90.0, core=0),
    ]
    assert core_markers(threads) == {0: "◀ Hash-1,Spin-0", 1: "◀ Spin-1"}
    many = [thread(i, f"T{i}", cpu=20.0, core=0) for i in range(5)]
    assert core_markers(many) == {0: "◀ T0,T1,T2…"}
