"""Recordings of real scenario runs (snapshots and output lines), for screenshots.

`python -m tests.record_scenarios` makes them; `tests/make_screenshots.py` replays them
through the real app, so every scenario screenshot shows a real run with fixed data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from ptop.launcher.runner import RunningScenario
from ptop.launcher.scenario_process import OutputLine
from ptop.model.codec import snapshot_from_dict, snapshot_to_dict
from ptop.model.snapshot import Snapshot

RECORDINGS = Path(__file__).resolve().parent / "data" / "recordings"
MAX_THREADS = 40
"""Threads kept per process in a recording."""


@dataclass(frozen=True, slots=True)
class Recording:
    """One scenario run: its root pid, the snapshots taken and the lines it printed."""

    scenario: str
    root_pid: int
    snapshots: tuple[Snapshot, ...]
    lines: tuple[OutputLine, ...]


def save(recording: Recording, path: Path) -> None:
    """Write a recording as JSON Lines."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            json.dumps({"scenario": recording.scenario, "root_pid": recording.root_pid}) + "\n"
        )
        for snapshot in recording.snapshots:
            out.write(
                json.dumps({"snapshot": snapshot_to_dict(snapshot)}, ensure_ascii=False) + "\n"
            )
        for line in recording.lines:
            out.write(
                json.dumps(
                    {"line": [line.stream, line.text, line.at_monotonic]}, ensure_ascii=False
                )
                + "\n"
            )


def load(scenario: str) -> Recording:
    """Read the recording of a scenario."""
    path = RECORDINGS / f"{scenario}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    head = rows[0]
    snapshots = tuple(snapshot_from_dict(r["snapshot"]) for r in rows if "snapshot" in r)
    lines = tuple(OutputLine(*r["line"]) for r in rows if "line" in r)
    return Recording(head["scenario"], head["root_pid"], snapshots, lines)


class ReplayRunner:
    """A runner that 'starts' a recorded scenario and prints its lines when told to."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self._on_line = None
        self._on_exit = None
        self._sent = 0

    def start(self, script, args=(), *, on_line, on_exit, on_started=None):
        self._on_line, self._on_exit = on_line, on_exit
        pid = self.recording.root_pid
        if on_started is not None:
            on_started(pid)
        first = self.recording.snapshots[0]
        root = first.process(pid)
        return RunningScenario(
            Path(script),
            tuple(args),
            pid,
            root.create_time if root else 0.0,
            0,
            first.taken_at_monotonic,
        )

    def print_until(self, at_monotonic: float) -> None:
        """Emit every recorded line printed up to a moment."""
        lines = self.recording.lines
        while self._sent < len(lines) and lines[self._sent].at_monotonic <= at_monotonic:
            self._on_line(lines[self._sent])
            self._sent += 1

    def finish(self, code: int = 0) -> None:
        """Print what is left and end the run, as the recorded scenario did."""
        self.print_until(float("inf"))
        if self._on_exit is not None:
            self._on_exit(code)
            self._on_exit = None

    def stop(self, timeout_s: float = 5.0):
        return None

    def close(self) -> None:
        """Nothing runs, nothing to stop."""


def trimmed(snapshot: Snapshot, keep: set[int]) -> Snapshot:
    """A snapshot cut down to some processes (a recording keeps the scenario's family)."""
    return replace(
        snapshot,
        processes=tuple(p for p in snapshot.processes if p.pid in keep),
        # A thousand threads of the asyncio scenario would make a megabyte of JSON.
        threads={pid: rows[:MAX_THREADS] for pid, rows in snapshot.threads.items() if pid in keep},
    )
