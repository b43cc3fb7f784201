from dataclasses import replace

from ptop.model.family import family_tick, lifecycle_changes
from tests.factories import classroom, proc, snapshot


def test_family_is_the_root_and_all_descendants():
    tick = family_tick(snapshot(classroom()), 500)
    assert [p.pid for p in tick.processes] == [500, 501, 502, 503]
    assert tick.root.pid == 500
    assert tick.total_cpu_percent == 1.0 + 99.0 + 97.5 + 0.0
    assert tick.cores == 2


def test_new_exited_zombie_and_reaped_children_are_events():
    base = [proc(10, 1), proc(11, 10), proc(12, 10)]
    before = family_tick(snapshot(base, at=1.0), 10)
    after_procs = [proc(10, 1), replace(proc(11, 10), status="Z"), proc(13, 10)]
    after = family_tick(snapshot(after_procs, at=2.0), 10)
    kinds = {(e.kind, e.pid) for e in lifecycle_changes(before, after)}
    assert kinds == {("zombie", 11), ("exited", 12), ("started", 13)}
    later = family_tick(snapshot([proc(10, 1), proc(13, 10)], at=3.0), 10)
    assert {(e.kind, e.pid) for e in lifecycle_changes(after, later)} == {("reaped", 11)}


def test_orphans_stay_in_the_family_and_are_reported():
    before = family_tick(snapshot([proc(9, 1), proc(10, 9), proc(11, 10)], at=1.0), 10)
    # pid 10 exits; its child 11 is adopted by the subreaper 9.
    orphan_world = [proc(9, 1), proc(11, 9)]
    known = {p.key for p in before.processes}
    after = family_tick(snapshot(orphan_world, at=2.0), 10, known)
    assert [p.pid for p in after.processes] == [11]
    kinds = {(e.kind, e.pid) for e in lifecycle_changes(before, after)}
    assert kinds == {("exited", 10), ("orphaned", 11)}


def test_lesson_session_follows_an_orphan_until_it_exits():
    from ptop.model.lessons.session import LessonSession

    session = LessonSession("fork", 10)
    session.on_snapshot(snapshot([proc(9, 1), proc(10, 9), proc(11, 10)], at=1.0))
    assert session.family_pids() == {10, 11}
    changes = session.on_snapshot(snapshot([proc(9, 1), proc(11, 9)], at=2.0))
    assert session.family_pids() == {11}
    assert {(c.kind, c.pid) for c in changes} == {("exited", 10), ("orphaned", 11)}
    # pid 11 reused by an unrelated process: not the family any more
    session.on_snapshot(snapshot([proc(9, 1), proc(11, 9, create_time=5000.0)], at=3.0))
    assert session.family_pids() == set()


def test_last_seen_keeps_each_members_newest_sample_and_the_most_recent_members():
    from ptop.model.family import LastSeen

    seen = LastSeen(limit=3)
    seen.add([proc(10, cpu=1.0), proc(11, 10, cpu=2.0)])
    seen.add([proc(10, cpu=5.0)])  # 11 exited; 10 measured again
    assert [(p.pid, p.cpu_percent) for p in seen.processes()] == [(10, 5.0), (11, 2.0)]
    seen.add([proc(pid, 10) for pid in range(20, 30)])
    assert [p.pid for p in seen.processes()] == [27, 28, 29]
    seen.clear()
    assert seen.processes() == []
