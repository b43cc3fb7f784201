"""Provides the parent/child structure of processes: tree ordering and process families."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ptop.model.snapshot import ProcessSample


def children_map(processes: Iterable[ProcessSample]) -> dict[int, list[ProcessSample]]:
    """Map each pid to its direct children (in input order)."""
    children: dict[int, list[ProcessSample]] = {}
    for proc in processes:
        if proc.ppid != proc.pid:
            children.setdefault(proc.ppid, []).append(proc)
    return children


def descendants(pid: int, children: dict[int, list[ProcessSample]]) -> set[int]:
    """Return the pids of every descendant of pid (children, grandchildren, ...)."""
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child.pid not in found:
                found.add(child.pid)
                stack.append(child.pid)
    return found


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """A process placed in tree order, with its depth and the guide drawn before its name."""

    process: ProcessSample
    depth: int
    prefix: str


def tree_order(
    processes: Sequence[ProcessSample],
    sibling_key: Callable[[ProcessSample], object],
    reverse: bool = False,
    children: Mapping[int, Sequence[ProcessSample]] | None = None,
) -> list[TreeEntry]:
    """Order processes depth-first, children under their parent, siblings sorted.

    A process whose parent is not in the list (pid 1's parent 0, or a parent filtered
    out) is a root. Guides look like htop's: '├─ ' and '└─ ' with '│  ' continuations.

    children: every process's children (a SnapshotIndex's, built once per tick, in pid
    order), of which only those in processes are placed; by default built from processes.
    """
    present = {p.pid for p in processes}
    if children is None:
        siblings = children_map(processes)
    else:
        siblings = {
            pid: [kid for kid in kids if kid.pid in present]
            for pid, kids in children.items()
            if pid in present
        }
    for kids in siblings.values():
        kids.sort(key=sibling_key, reverse=reverse)  # type: ignore[arg-type]
    roots = sorted(
        (p for p in processes if p.ppid not in present or p.ppid == p.pid),
        key=sibling_key,  # type: ignore[arg-type]
        reverse=reverse,
    )
    ordered: list[TreeEntry] = []
    seen: set[int] = set()
    # Iterative depth-first walk: (process, depth, guide of the ancestors, is last sibling)
    stack: list[tuple[ProcessSample, int, str, bool]] = [
        (root, 0, "", True) for root in reversed(roots)
    ]
    while stack:
        proc, depth, guide, last = stack.pop()
        if proc.pid in seen:
            continue
        seen.add(proc.pid)
        prefix = "" if depth == 0 else guide + ("└─ " if last else "├─ ")
        ordered.append(TreeEntry(proc, depth, prefix))
        kids = siblings.get(proc.pid, [])
        child_guide = "" if depth == 0 else guide + ("   " if last else "│  ")
        for index in range(len(kids) - 1, -1, -1):
            stack.append((kids[index], depth + 1, child_guide, index == len(kids) - 1))
    # Cycles cannot happen in a real process table, but never drop a process silently.
    ordered.extend(TreeEntry(p, 0, "") for p in processes if p.pid not in seen)
    return ordered
