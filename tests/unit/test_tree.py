from ptop.model.tree import children_map, descendants, tree_order
from tests.factories import classroom, proc


def test_children_are_listed_under_their_parent_depth_first():
    entries = tree_order(classroom(), sibling_key=lambda p: p.pid)
    pids = [e.process.pid for e in entries]
    assert pids == [1, 200, 300, 400, 500, 501, 502, 503, 600, 800, 700]
    depth = {e.process.pid: e.depth for e in entries}
    assert depth[1] == 0
    assert depth[200] == 1
    assert depth[501] == 4


def test_tree_guides_mark_last_children():
    entries = {e.process.pid: e.prefix for e in tree_order(classroom(), lambda p: p.pid)}
    assert entries[1] == ""
    assert entries[200] == "├─ "
    assert entries[700] == "└─ "
    assert entries[503] == "│        └─ "  # 300 and 500 are last children: no guide


def test_siblings_follow_the_sort_key():
    procs = [proc(1, 0), proc(10, 1, cpu=1.0), proc(11, 1, cpu=50.0), proc(12, 1, cpu=5.0)]
    entries = tree_order(procs, sibling_key=lambda p: p.cpu_percent or 0, reverse=True)
    assert [e.process.pid for e in entries] == [1, 11, 12, 10]


def test_process_whose_parent_is_missing_becomes_a_root():
    entries = tree_order([proc(5, 4), proc(6, 5)], sibling_key=lambda p: p.pid)
    assert [(e.process.pid, e.depth) for e in entries] == [(5, 0), (6, 1)]


def test_descendants_are_found_recursively():
    assert descendants(300, children_map(classroom())) == {400, 500, 501, 502, 503}
    assert descendants(999, children_map(classroom())) == set()


def test_tree_order_from_a_whole_tick_index_places_only_the_shown_processes():
    from ptop.model.index import SnapshotIndex

    procs = sorted(classroom(), key=lambda p: p.pid)
    shown = [p for p in procs if p.pid != 300]  # filtered out: its children become roots
    index = SnapshotIndex.of(reversed(procs))  # children come out in pid order anyway
    key = lambda p: p.cpu_percent or 0.0  # noqa: E731
    assert tree_order(shown, key, reverse=True, children=index.children) == tree_order(
        shown, key, reverse=True
    )
