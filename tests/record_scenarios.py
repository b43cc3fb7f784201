"""Records real runs of every scenario into tests/data/recordings/ (for screenshots).

Run from the repository root on a quiet machine:  python -m tests.record_scenarios [NAME ...]
"""

from __future__ import annotations

import os
import sys
import threading
import time

from ptop.launcher.catalog import find_scenario, load_catalog
from ptop.launcher.runner import ScenarioRunner
from ptop.launcher.scenario_process import OutputLine
from ptop.model.lessons.session import LessonSession
from ptop.sampling.sampler import system_sampler
from tests.recording import RECORDINGS, Recording, save, trimmed

TICK_S = 1.0
ARGS: dict[str, list[str]] = {
    "gil": ["--seconds", "4"],
    "counter": ["--seconds", "9", "--rounds", "10"],
    "deadlock": ["--seconds", "8"],
    "switching": ["--seconds", "6"],
    "distributed": [],
}
LIMIT_S = 40.0


def record(name: str) -> Recording:
    """Run one scenario, sampling its family every second, and keep what ptop saw."""
    info = find_scenario(name, load_catalog())
    runner, sampler = ScenarioRunner(), system_sampler()
    lines: list[OutputLine] = []
    exited = threading.Event()
    snapshots = []
    try:
        running = runner.start(
            info.path, ARGS.get(name, []), on_line=lines.append, on_exit=lambda code: exited.set()
        )
        session = LessonSession(name, running.pid)
        start = time.monotonic()
        while not exited.is_set() and time.monotonic() - start < LIMIT_S:
            snapshot = sampler.sample(session.family_pids())
            session.on_snapshot(snapshot)
            snapshots.append(trimmed(snapshot, session.family_pids() | {running.pid}))
            time.sleep(TICK_S)
    finally:
        runner.close()
    return Recording(name, running.pid, tuple(snapshots), tuple(lines))


def main(argv: list[str] | None = None) -> int:
    """Record the named scenarios, or all of them."""
    names = (argv if argv is not None else sys.argv[1:]) or [i.name for i in load_catalog()]
    RECORDINGS.mkdir(parents=True, exist_ok=True)
    for name in names:
        recording = record(name)
        save(recording, RECORDINGS / f"{name}.jsonl")
        print(
            f"{name}: {len(recording.snapshots)} snapshots, {len(recording.lines)} lines "
            f"(pid {recording.root_pid}, {os.cpu_count()} cores)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
