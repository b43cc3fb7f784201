"""Provides ReplaySampler: plays back recorded snapshots (tests, screenshots, classroom demos)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from ptop.model.snapshot import Snapshot


class ReplaySampler:
    """Returns the given snapshots in order, then keeps returning the last one."""

    def __init__(self, snapshots: Iterable[Snapshot]) -> None:
        self._snapshots = list(snapshots)
        if not self._snapshots:
            raise ValueError("ReplaySampler needs at least one snapshot")
        self._index = 0

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        """Return the next recorded snapshot."""
        snapshot = self._snapshots[min(self._index, len(self._snapshots) - 1)]
        self._index += 1
        return snapshot
