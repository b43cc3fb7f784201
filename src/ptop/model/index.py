"""Provides SnapshotIndex: one tick's processes by pid and by parent, built once per tick.

The scenario's family (lessons), the table's query (filter, tree, roles) and the tree
order all need the parent→children map; the screen builds this index once per snapshot
and hands it to each of them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ptop.model.snapshot import ProcessKey, ProcessSample
from ptop.model.tree import children_map, descendants


@dataclass(frozen=True, slots=True)
class SnapshotIndex:
    """The processes of one tick by pid, and each pid's direct children (in pid order)."""

    by_pid: dict[int, ProcessSample]
    children: dict[int, list[ProcessSample]]

    @classmethod
    def of(cls, processes: Iterable[ProcessSample]) -> SnapshotIndex:
        """Index processes; children lists are in pid order (as the tree shows siblings)."""
        ordered = sorted(processes, key=lambda p: p.pid)
        return cls({p.pid: p for p in ordered}, children_map(ordered))

    def descendants(self, pid: int) -> set[int]:
        """Every descendant of pid (children, grandchildren, ...)."""
        return descendants(pid, self.children)

    def family(self, root_pid: int, known: Collection[ProcessKey] = ()) -> set[int]:
        """The root, its descendants, and every known member still alive with its own.

        known: processes seen in the family before; they stay members after their parent
        exits and they are re-parented (orphans), if they are still the same process
        (same pid and start time).
        """
        members = {root_pid} | self.descendants(root_pid)
        for pid, create_time in known:
            proc = self.by_pid.get(pid)
            if proc is not None and proc.create_time == create_time and pid not in members:
                members |= {pid} | self.descendants(pid)
        return members
