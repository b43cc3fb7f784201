"""Provides ProcessQuery: the sort, filter, tree and family view state, and its rows."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ptop.model.columns import process_column
from ptop.model.snapshot import ProcessSample
from ptop.model.tree import children_map, descendants, tree_order


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
    scenario_extra: frozenset[int] = frozenset()
    """Members of the scenario's family that are no longer its descendants (orphans)."""
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

    def apply(self, processes: Sequence[ProcessSample]) -> list[ProcessRow]:
        """Filter, sort (or tree-order) and mark the processes of one tick."""
        children = children_map(processes)
        by_pid = {p.pid: p for p in processes}
        family: set[int] = set()
        focus_descendants: set[int] = set()
        focus = by_pid.get(self.focus_pid) if self.focus_pid is not None else None
        if focus is not None:
            focus_descendants = descendants(focus.pid, children)
            family = {focus.pid, focus.ppid} | focus_descendants
        scenario: set[int] = set()
        if self.scenario_pid is not None and self.scenario_pid in by_pid:
            scenario = {self.scenario_pid} | descendants(self.scenario_pid, children)
            for pid in self.scenario_extra & by_pid.keys():
                scenario |= {pid} | descendants(pid, children)

        shown = list(processes)
        if self.only_pids is not None:
            shown = [p for p in shown if p.pid in self.only_pids]
        if self.only_user is not None:
            shown = [p for p in shown if p.username == self.only_user]
        if self.family_only and focus is not None:
            shown = [p for p in shown if p.pid in family]
        if self.scenario_only and self.scenario_pid is not None:
            shown = [p for p in shown if p.pid in scenario]
        needle = self.filter_text.strip().lower()
        if needle:
            shown = [p for p in shown if matches(p, needle)]

        column = process_column(self.sort_key)
        by_pid_order = sorted(shown, key=lambda p: p.pid)
        if self.tree:
            entries = [
                (e.process, e.prefix)
                for e in tree_order(by_pid_order, column.sort_key, reverse=self.reverse)
            ]
        else:
            ordered = sorted(by_pid_order, key=column.sort_key, reverse=self.reverse)
            entries = [(p, "") for p in ordered]

        rows = []
        for proc, prefix in entries:
            rows.append(
                ProcessRow(
                    process=proc,
                    prefix=prefix,
                    role=_role(proc, focus, focus_descendants),
                    in_scenario=proc.pid in scenario,
                )
            )
        return rows


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
