"""Provides ProcessQuery: the sort, filter, tree and family view state, and its rows."""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from ptop.model.columns import process_column
from ptop.model.index import SnapshotIndex
from ptop.model.snapshot import ProcessSample
from ptop.model.tree import tree_order


class Role(enum.Enum):
    """How a row relates to the highlighted process."""

    NONE = "none"
    SELECTED = "selected"
    PARENT = "parent"
    CHILD = "child"
    DESCENDANT = "descendant"


@dataclass(frozen=True, slots=True)
class ProcessRow:
    """A process as the table shows it: where it sits and how it is marked."""

    process: ProcessSample
    prefix: str
    """Tree guide drawn before the command ('' outside tree view)."""
    role: Role
    in_scenario: bool
    """True for the running scenario's root and every descendant."""


@dataclass(frozen=True, slots=True)
class ProcessQuery:
    """What the user asked the process table to show; independent of any UI."""

    sort_key: str = "cpu"
    reverse: bool = True
    filter_text: str = ""
    tree: bool = False
    focus_pid: int | None = None
    """The highlighted process: its parent and descendants get roles."""
    family_only: bool = False
    """Show only the focused process's parent, itself and its descendants."""
    scenario_pid: int | None = None
    """Root of the running scenario, whose whole family is marked."""
    scenario_only: bool = False
    """Show only the scenario's family."""
    only_pids: frozenset[int] | None = None
    """Show only these processes (htop -p); None shows all."""
    only_user: str | None = None
    """Show only this user's processes (htop -u); None shows all."""

    def sorted_by(self, key: str) -> ProcessQuery:
        """Sort by a column in its natural direction; the current column stays as it is.

        As in htop, P, M, T and N choose a column and never reverse it (`I` does):
        pressing P on the default CPU% sort keeps the busiest on top.
        """
        if key == self.sort_key:
            return self
        return replace(self, sort_key=key, reverse=process_column(key).descending_first)

    def inverted(self) -> ProcessQuery:
        """The same column, the other direction (htop's `I`)."""
        return replace(self, reverse=not self.reverse)

    def apply(
        self,
        processes: Sequence[ProcessSample],
        index: SnapshotIndex | None = None,
        scenario: Collection[int] | None = None,
    ) -> list[ProcessRow]:
        """Filter, sort (or tree-order) and mark the processes of one tick.

        Args:
            processes: the tick's processes.
            index: their index, if the caller already built it (once per tick).
            scenario: the running scenario's family (pids), as the lesson session
                computed it (orphans included); used while scenario_pid is set. By
                default the scenario_pid's descendants in the index.
        """
        if index is None:
            index = SnapshotIndex.of(processes)
        focus = index.by_pid.get(self.focus_pid) if self.focus_pid is not None else None
        focus_descendants = index.descendants(focus.pid) if focus is not None else set()
        members: Collection[int] = ()
        if self.scenario_pid is not None:
            members = index.family(self.scenario_pid) if scenario is None else scenario

        shown = list(processes)
        if self.only_pids is not None:
            shown = [p for p in shown if p.pid in self.only_pids]
        if self.only_user is not None:
            shown = [p for p in shown if p.username == self.only_user]
        if self.family_only and focus is not None:
            family = {focus.pid, focus.ppid} | focus_descendants
            shown = [p for p in shown if p.pid in family]
        if self.scenario_only and self.scenario_pid is not None:
            shown = [p for p in shown if p.pid in members]
        needle = self.filter_text.strip().lower()
        if needle:
            shown = [p for p in shown if matches(p, needle)]

        column = process_column(self.sort_key)
        by_pid_order = sorted(shown, key=lambda p: p.pid)
        if self.tree:
            tree = tree_order(
                by_pid_order, column.sort_key, reverse=self.reverse, children=index.children
            )
            entries = [(e.process, e.prefix) for e in tree]
        else:
            ordered = sorted(by_pid_order, key=column.sort_key, reverse=self.reverse)
            entries = [(p, "") for p in ordered]
        return [
            ProcessRow(
                process=proc,
                prefix=prefix,
                role=_role(proc, focus, focus_descendants),
                in_scenario=proc.pid in members,
            )
            for proc, prefix in entries
        ]

    def needs_apply_on_focus(self) -> bool:
        """Whether moving the focus changes which rows are shown (not only their marks)."""
        return self.family_only


def with_roles(
    rows: Sequence[ProcessRow], focus_pid: int | None, index: SnapshotIndex
) -> list[ProcessRow]:
    """The same rows, marked for another highlighted process (a cursor move, no re-query)."""
    focus = index.by_pid.get(focus_pid) if focus_pid is not None else None
    focus_descendants = index.descendants(focus.pid) if focus is not None else set()
    marked = []
    for row in rows:
        role = _role(row.process, focus, focus_descendants)
        marked.append(row if role is row.role else replace(row, role=role))
    return marked


def matches(proc: ProcessSample, needle: str) -> bool:
    """Whether a lower-case needle is in the process's name, command line or user."""
    return (
        needle in proc.name.lower()
        or needle in proc.command.lower()
        or (proc.username is not None and needle in proc.username.lower())
    )


def _role(proc: ProcessSample, focus: ProcessSample | None, focus_descendants: set[int]) -> Role:
    if focus is None:
        return Role.NONE
    if proc.pid == focus.pid:
        return Role.SELECTED
    if proc.pid == focus.ppid:
        return Role.PARENT
    if proc.ppid == focus.pid:
        return Role.CHILD
    if proc.pid in focus_descendants:
        return Role.DESCENDANT
    return Role.NONE


def next_match(rows: Sequence[ProcessRow], needle: str, start: int) -> ProcessRow | None:
    """The first row from index start on (wrapping around) that matches needle, if any."""
    needle = needle.strip().lower()
    if not needle:
        return None
    for offset in range(len(rows)):
        row = rows[(start + offset) % len(rows)]
        if matches(row.process, needle):
            return row
    return None
