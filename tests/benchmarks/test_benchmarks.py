"""The benchmark suite runs end to end on a tiny load, removes its load, and its output parses.

Nothing here is timed: the numbers depend on the machine. The end-to-end test needs tmux
(the monitors run in a detached tmux pane) and skips without it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from benchmarks import load as load_module
from benchmarks import run as run_module

Load = load_module.Load
LoadSpec = load_module.LoadSpec
is_alive = load_module.is_alive
is_running = load_module.is_running
start_ticks = load_module.start_ticks

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux /proc")
needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed; the benchmark runs monitors in a detached tmux pane "
    "(apt-get install tmux)",
)

TINY = LoadSpec(processes=10, threads=20, spinners=1, gil_threads=2, max_seconds=120)


def _threads_of(pid: int) -> int:
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    raise AssertionError("no Threads line")


def _parse_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_plan_counts_thread_holders_among_the_processes():
    plan = LoadSpec(processes=300, threads=2000, spinners=2, gil_threads=4).plan()
    kinds = [kind for kind, _ in plan]
    assert kinds.count("threads") == 4
    assert sum(count for kind, count in plan if kind == "threads") == 2000
    assert kinds.count("idle") == 296
    assert kinds.count("spin") == 2
    assert plan[-1] == ("gil", 4)


def test_format_table_reads_the_json_results():
    result = run_module.MonitorResult(
        "ptop", cpu_percent=2.0, rss_peak_mib=40.0, first_frame_ms=500.0, frames_per_s=1.0
    )
    other = run_module.MonitorResult("htop", cpu_percent=8.0, rss_peak_mib=6.0)
    common = {"profile": "tiny", "load_processes": 1, "load_threads": 2, "spinners": 0}
    common |= {"gil_threads": 0, "terminal": "160x50", "cores": 2}
    results = [
        {"bench": "monitor", **common, **run_module.asdict(result), "budget": {"rss": True}},
        {"bench": "monitor", **common, **run_module.asdict(other)},
        {"bench": "ratio", **common, "tool": "htop", "cpu_ratio": 0.25},
        {"bench": "once_json", "tool": "ptop", "median_ms": 210.0, "min_ms": 200.0, "processes": 3},
        {"bench": "load", "processes_started": 4, "left": 0},
        {"bench": "micro", "name": "sampler_us_per_process", "value": 11.5, "unit": "us"},
        {"bench": "skipped", "tool": "btop", "reason": "not installed"},
    ]
    table = run_module.format_table(results)
    assert "ptop" in table
    assert "0.25" in table
    assert "sampler_us_per_process" in table
    assert "btop: skipped" in table
    for item in results:
        assert json.loads(json.dumps(item)) == item


@pytest.mark.slow
@linux_only
def test_load_starts_what_it_says_and_removes_all_of_it():
    with Load(TINY) as load:
        members = dict(load.members)
        # the leader, 1 thread holder, 9 idle, 1 spinner, 1 gil process
        assert len(members) == 13
        assert load.leader_pid in members
        holder = load.pids_of("threads")[0]
        assert _threads_of(holder) == 21
        assert _threads_of(load.pids_of("gil")[0]) == 3
        assert all(is_alive(pid, ticks) for pid, ticks in members.items())
        assert os.getpgid(holder) == load.leader_pid  # its own process group
    assert not [pid for pid, ticks in members.items() if is_alive(pid, ticks)]
    assert load.survivors() == []


@pytest.mark.slow
@linux_only
def test_load_is_removed_when_the_body_raises():
    members: dict[int, int] = {}

    def fail_inside_the_load() -> None:
        with Load(TINY) as load:
            members.update(load.members)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fail_inside_the_load()
    assert members
    assert not [pid for pid, ticks in members.items() if is_alive(pid, ticks)]


@pytest.mark.slow
@linux_only
def test_leader_removes_the_load_on_sigterm():
    with Load(TINY) as load:
        leader = load.leader_pid
        assert leader is not None
        members = {p: t for p, t in load.members.items() if p != leader}
        os.kill(leader, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while any(is_alive(p, t) for p, t in members.items()) and time.monotonic() < deadline:
            time.sleep(0.05)
        # The leader reaped every member (no zombies); it waits to be reaped itself.
        assert not [pid for pid, ticks in members.items() if is_alive(pid, ticks)]
    assert load.survivors() == []


@pytest.mark.slow
@linux_only
def test_members_die_with_their_leader():
    """If the leader is killed outright, the kernel ends the members (PR_SET_PDEATHSIG)."""
    load = Load(TINY)
    load.start()
    try:
        members = {p: t for p, t in load.members.items() if p != load.leader_pid}
        assert load.leader_pid is not None
        os.kill(load.leader_pid, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while any(is_running(p, t) for p, t in members.items()) and time.monotonic() < deadline:
            time.sleep(0.05)
        # Killed members may linger for a moment as zombies of init; none still runs.
        assert not [pid for pid, ticks in members.items() if is_running(pid, ticks)]
    finally:
        load.stop()


@pytest.mark.slow
@linux_only
def test_microbenchmarks_run_and_print_json_lines():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.micro", "--json", "--ticks=2", "--ui-sizes=30"],
        capture_output=True,
        text=True,
        cwd=run_module.REPO,
        timeout=300,
        check=True,
    )
    results = {item["name"]: item for item in _parse_lines(done.stdout)}
    assert {"sampler_us_per_process", "sampler_first_tick_ms", "sampler_us_per_thread"} <= set(
        results
    )
    assert {"ui_tick_cpu_ms_30_same", "ui_tick_cpu_ms_30_churn"} <= set(results)
    assert all(item["bench"] == "micro" for item in results.values())
    assert all(isinstance(item["value"], float | int) for item in results.values())


@pytest.mark.slow
@linux_only
@needs_tmux
def test_benchmark_runs_end_to_end_on_a_tiny_load(monkeypatch, capsys):
    started: list[Load] = []

    class RecordingLoad(Load):
        def start(self) -> None:
            super().start()
            started.append(self)

    monkeypatch.setattr(run_module, "Load", RecordingLoad)
    code = run_module.main(
        [
            "--profile=tiny",
            "--seconds=2",
            "--warmup=0.5",
            "--starts=2",
            "--compare=",
            "--micro-ticks=2",
            "--ui-sizes=30",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "profile tiny" in out  # the human table comes first
    results = _parse_lines(out)

    monitor = next(r for r in results if r["bench"] == "monitor" and r["tool"] == "ptop")
    assert monitor["error"] is None
    for key in ("cpu_percent", "rss_peak_mib", "first_frame_ms", "frames_per_s", "window_s"):
        assert isinstance(monitor[key], float), key
    assert monitor["load_processes"] == 10
    assert monitor["load_threads"] == 20
    assert monitor["processes"] > 10
    assert set(monitor["budget"]) >= {"rss", "first_frame", "once_json"}

    once = next(r for r in results if r["bench"] == "once_json")
    assert once["median_ms"] > 0
    assert once["processes"] > 10

    names = {r["name"] for r in results if r["bench"] == "micro"}
    assert {"sampler_us_per_process", "sampler_us_per_thread", "ui_tick_cpu_ms_30_same"} <= names

    load_line = next(r for r in results if r["bench"] == "load")
    assert load_line["left"] == 0

    # Nothing of the load is left, checked by pid and start time.
    assert len(started) == 1
    members = started[0].members
    assert len(members) == load_line["processes_started"]
    assert not [pid for pid, ticks in members.items() if start_ticks(pid) == ticks]


def test_load_module_is_stdlib_only():
    """load.py runs as a plain script (the leader), so it may import only the standard library."""
    with open(load_module.__file__) as file:
        lines = file.read().splitlines()
    for line in lines:
        if line.startswith(("import ", "from ")):
            module = line.split()[1].split(".")[0]
            assert module in sys.stdlib_module_names or module == "__future__", line
