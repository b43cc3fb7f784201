"""Provides the messages that no single widget owns."""

from __future__ import annotations

from textual.message import Message

from ptop.model.snapshot import Snapshot


class SnapshotReady(Message):
    """The sampler finished a tick. A newer one replaces an older one still queued."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SnapshotReady)


class ScenarioOutputReady(Message):
    """New scenario output lines are waiting in the screen's buffer (posted once per batch)."""


class ScenarioExited(Message):
    """The running scenario's whole family is gone."""

    def __init__(self, run_id: int, returncode: int) -> None:
        self.run_id = run_id
        self.returncode = returncode
        super().__init__()
