"""Provides ReplaySampler: plays back recorded snapshots (tests, screenshots, classroom demos)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from pathlib import Path

from ptop.model.codec import snapshot_from_dict, snapshot_to_json
from ptop.model.snapshot import Snapshot


class ReplaySampler:
    """Returns the given snapshots in order, then keeps returning the last one."""

    def __init__(self, snapshots: Iterable[Snapshot]) -> None:
        self._snapshots = list(snapshots)
        if not self._snapshots:
            raise ValueError("ReplaySampler needs at least one snapshot")
        self._index = 0
        self.detail_requests: list[frozenset[int]] = []
        """The detail pids asked for at each call, to check what the UI asks to read."""

    @classmethod
    def from_jsonl(cls, path: Path) -> ReplaySampler:
        """Load snapshots recorded one JSON document per line."""
        lines = path.read_text(encoding="utf-8").splitlines()
        return cls(snapshot_from_dict(json.loads(line)) for line in lines if line.strip())

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        """Return the next recorded snapshot."""
        self.detail_requests.append(frozenset(detail_pids))
        snapshot = self._snapshots[min(self._index, len(self._snapshots) - 1)]
        self._index += 1
        return snapshot


def append_jsonl(path: Path, snapshot: Snapshot) -> None:
    """Append one snapshot to a JSON Lines recording."""
    with path.open("a", encoding="utf-8") as out:
        out.write(snapshot_to_json(snapshot) + "\n")
