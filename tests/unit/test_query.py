from dataclasses import replace

from ptop.model.index import SnapshotIndex
from ptop.model.query import ProcessQuery, Role, next_match, with_roles
from tests.factories import classroom, proc


def pids(rows):
    return [r.process.pid for r in rows]


def test_default_sort_is_cpu_descending_with_unknown_last():
    rows = ProcessQuery().apply(classroom())
    assert pids(rows)[:3] == [501, 502, 600]
    assert pids(rows)[-1] == 800  # unknown CPU% sorts below every known value


def test_the_current_column_again_keeps_its_order_like_htop_and_a_new_one_is_natural():
    # htop's P on its default CPU% sort keeps the busiest on top; only I inverts.
    query = ProcessQuery().sorted_by("cpu")
    assert (query.sort_key, query.reverse) == ("cpu", True)
    assert query.sorted_by("cpu").reverse is True
    assert query.inverted().reverse is False
    assert query.inverted().inverted() == query
    by_pid = ProcessQuery().sorted_by("pid")
    assert (by_pid.sort_key, by_pid.reverse) == ("pid", False)
    assert pids(by_pid.apply(classroom()))[:3] == [1, 200, 300]
    by_mem = ProcessQuery(sort_key="pid").sorted_by("mem")
    assert by_mem.reverse is True
    assert pids(by_mem.apply(classroom()))[0] == 600


def test_ties_keep_pid_order():
    procs = [proc(9, cpu=1.0), proc(3, cpu=1.0), proc(5, cpu=1.0)]
    assert pids(ProcessQuery().apply(procs)) == [3, 5, 9]


def test_filter_matches_name_command_line_and_user_case_insensitively():
    assert set(pids(ProcessQuery(filter_text="POSTGRES").apply(classroom()))) == {600}
    assert set(pids(ProcessQuery(filter_text="pool.py").apply(classroom()))) == {500, 501, 502, 503}
    assert set(pids(ProcessQuery(filter_text="root").apply(classroom()))) == {1, 200}
    assert pids(ProcessQuery(filter_text="no-such-thing").apply(classroom())) == []


def test_tree_view_orders_children_under_parents():
    rows = ProcessQuery(tree=True, sort_key="pid", reverse=False).apply(classroom())
    assert pids(rows)[:5] == [1, 200, 300, 400, 500]
    assert rows[1].prefix == "├─ "


def test_family_roles_relative_to_the_focused_process():
    rows = ProcessQuery(focus_pid=500).apply(classroom())
    roles = {r.process.pid: r.role for r in rows}
    assert roles[500] is Role.SELECTED
    assert roles[300] is Role.PARENT
    assert roles[501] is Role.CHILD
    assert roles[503] is Role.CHILD
    assert roles[600] is Role.NONE


def test_grandchildren_are_descendants():
    procs = [*classroom(), proc(900, 501, name="grandchild")]
    roles = {r.process.pid: r.role for r in ProcessQuery(focus_pid=500).apply(procs)}
    assert roles[900] is Role.DESCENDANT


def test_family_only_shows_parent_self_and_all_descendants():
    query = ProcessQuery(focus_pid=500, family_only=True)
    assert set(pids(query.apply(classroom()))) == {300, 500, 501, 502, 503}
    # A focus that vanished shows everything rather than nothing.
    assert len(replace(query, focus_pid=4242).apply(classroom())) == len(classroom())


def test_scenario_family_is_marked_and_can_be_shown_alone():
    query = ProcessQuery(scenario_pid=500)
    marked = {r.process.pid for r in query.apply(classroom()) if r.in_scenario}
    assert marked == {500, 501, 502, 503}
    alone = replace(query, scenario_only=True).apply(classroom())
    assert set(pids(alone)) == {500, 501, 502, 503}


def test_orphans_of_the_scenario_stay_marked():
    procs = [*classroom(), proc(900, 1, name="orphan"), proc(901, 900, name="its-child")]
    index = SnapshotIndex.of(procs)
    family = index.family(500, known=[(900, 1900.0)])  # as the lesson session hands it on
    query = ProcessQuery(scenario_pid=500)
    marked = {r.process.pid for r in query.apply(procs, index, family) if r.in_scenario}
    assert marked == {500, 501, 502, 503, 900, 901}


def test_only_pids_shows_just_those_processes_like_htop_p():
    rows = ProcessQuery(only_pids=frozenset({500, 600, 99999})).apply(classroom())
    assert sorted(pids(rows)) == [500, 600]
    tree = ProcessQuery(only_pids=frozenset({501}), tree=True).apply(classroom())
    assert pids(tree) == [501]


def test_only_user_shows_just_that_users_processes_like_htop_u():
    assert set(pids(ProcessQuery(only_user="root").apply(classroom()))) == {1, 200}
    assert pids(ProcessQuery(only_user="nobody-here").apply(classroom())) == []


def test_a_cursor_move_re_marks_the_same_rows_as_a_new_query_would():
    procs = classroom()
    index = SnapshotIndex.of(procs)
    for tree in (False, True):
        rows = ProcessQuery(tree=tree, focus_pid=500).apply(procs, index)
        moved = with_roles(rows, 501, index)
        assert moved == ProcessQuery(tree=tree, focus_pid=501).apply(procs, index)
        assert [r.role for r in moved] != [r.role for r in rows]


def test_the_search_finds_the_next_match_from_a_row_wrapping_around():
    rows = ProcessQuery(sort_key="pid", reverse=False).apply(classroom())
    first = next_match(rows, "  POOL.py", 0)
    assert first is not None
    assert first.process.pid == 500
    assert next_match(rows, "pool.py", rows.index(first) + 1).process.pid == 501
    last = max(i for i, r in enumerate(rows) if "pool.py" in r.process.command)
    assert next_match(rows, "pool.py", last + 1) is first  # wraps around
    assert next_match(rows, "no such thing", 0) is None
    assert next_match(rows, "  ", 0) is None
