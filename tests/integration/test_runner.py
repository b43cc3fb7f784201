"""ScenarioRunner: output streaming, exit codes and, above all, no process left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from ptop.launcher.runner import OutputLine, ScenarioRunner, ScenarioStartError
from ptop.launcher.scenario_process import MAX_LINE_BYTES, TRUNCATION_MARK

pytestmark = [
    pytest.mark.slow,
    pytest.mark.posix,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX sessions and signals"),
]

DATA = Path(__file__).parents[1] / "data" / "launcher"
FAMILY = DATA / "family.py"
STREAMS = DATA / "streams.py"
ORPHAN = DATA / "orphan.py"
STUBBORN = DATA / "stubborn.py"
LAUNCHER_PROGRAM = DATA / "launcher_program.py"
SRC = Path(__file__).parents[2] / "src"
TIMEOUT_S = 30.0  # generous: a busy 2-core CI machine starts Pools slowly

Identity = tuple[int, float]


class Recorder:
    """Collects what the runner's callbacks receive."""

    def __init__(self) -> None:
        self.lines: list[OutputLine] = []
        self.line_threads: set[str] = set()
        self.exits: list[int] = []
        self.started: list[int] = []
        self.exited = threading.Event()

    def on_line(self, line: OutputLine) -> None:
        self.line_threads.add(threading.current_thread().name)
        self.lines.append(line)

    def on_exit(self, code: int) -> None:
        self.exits.append(code)
        self.exited.set()

    def on_started(self, pid: int) -> None:
        self.started.append(pid)

    def texts(self, stream: str) -> list[str]:
        return [line.text for line in self.lines if line.stream == stream]


@pytest.fixture
def runner() -> Iterator[ScenarioRunner]:
    scenario_runner = ScenarioRunner()
    yield scenario_runner
    scenario_runner.close()


def wait_for(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def identity(pid: int) -> Identity | None:
    try:
        return pid, psutil.Process(pid).create_time()
    except psutil.Error:
        return None


def alive(process: Identity) -> bool:
    """A process counts as alive unless it is gone, replaced, or a zombie nobody reaped yet."""
    pid, create_time = process
    try:
        proc = psutil.Process(pid)
        return proc.create_time() == create_time and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def family_of(root_pid: int) -> set[Identity]:
    """The process and all its descendants, identified by (pid, create_time)."""
    found: set[Identity] = set()
    try:
        root = psutil.Process(root_pid)
        members = [root, *root.children(recursive=True)]
    except psutil.Error:
        return found
    for member in members:
        if (member_identity := identity(member.pid)) is not None:
            found.add(member_identity)
    return found


def kill_leftovers(processes: set[Identity]) -> None:
    """Clean up after a failed test: kill exactly these processes, if still the same ones."""
    for pid, create_time in processes:
        try:
            proc = psutil.Process(pid)
            if proc.create_time() == create_time:
                proc.kill()
        except psutil.Error:
            continue


def assert_all_gone(processes: set[Identity], timeout_s: float = 0.0) -> None:
    wait_for(lambda: not any(alive(member) for member in processes), timeout_s)
    survivors = {member for member in processes if alive(member)}
    if survivors:
        kill_leftovers(survivors)
        pytest.fail(f"processes survived: {sorted(pid for pid, _ in survivors)}")


def start_family(
    runner: ScenarioRunner, tmp_path: Path, recorder: Recorder, *args: str
) -> tuple[list[int], set[Identity]]:
    """Start family.py; return the pids it wrote and the whole family under the supervisor."""
    pids_file = tmp_path / "pids.json"
    running = runner.start(
        FAMILY, [str(pids_file), *args], on_line=recorder.on_line, on_exit=recorder.on_exit
    )
    assert wait_for(pids_file.exists), f"family.py never got ready: {recorder.lines}"
    pids = json.loads(pids_file.read_text())
    family = family_of(running.supervisor_pid)
    assert running.pid in {pid for pid, _ in family}
    return pids, family


def test_stop_ends_pool_workers_process_and_grandchildren(
    runner: ScenarioRunner, tmp_path: Path
) -> None:
    recorder = Recorder()
    pids, family = start_family(runner, tmp_path, recorder)
    assert len(pids) >= 6  # root, child, grandchild, 2 pool workers, Process
    assert {pid for pid, _ in family} >= set(pids)

    code = runner.stop()

    assert code == -signal.SIGTERM
    assert recorder.exits == [-signal.SIGTERM]
    assert runner.current is None
    assert_all_gone(family)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_stop_ends_multiprocessing_helpers_too(
    runner: ScenarioRunner, tmp_path: Path, method: str
) -> None:
    recorder = Recorder()
    _, family = start_family(runner, tmp_path, recorder, method)
    runner.stop()
    assert_all_gone(family)


def test_lines_arrive_tagged_by_stream_and_in_order(runner: ScenarioRunner) -> None:
    recorder = Recorder()
    runner.start(STREAMS, ["0"], on_line=recorder.on_line, on_exit=recorder.on_exit)
    assert recorder.exited.wait(TIMEOUT_S)
    assert recorder.texts("stdout") == [f"out {n}" for n in range(5)] + ["中文 line"]
    assert recorder.texts("stderr") == [f"err {n}" for n in range(5)]
    assert recorder.line_threads <= {"ptop-scenario-stdout", "ptop-scenario-stderr"}
    times = [line.at_monotonic for line in recorder.lines if line.stream == "stdout"]
    assert times == sorted(times)


@pytest.mark.parametrize(
    ("args", "expected"), [(["0"], 0), (["3"], 3), (["0", "--signal"], -signal.SIGTERM)]
)
def test_on_exit_is_called_once_with_the_exit_code(
    runner: ScenarioRunner, args: list[str], expected: int
) -> None:
    recorder = Recorder()
    runner.start(STREAMS, args, on_line=recorder.on_line, on_exit=recorder.on_exit)
    assert recorder.exited.wait(TIMEOUT_S)
    assert wait_for(lambda: runner.current is None)
    time.sleep(0.2)  # a second call would come right after the first
    assert recorder.exits == [expected]
    assert runner.stop() == expected


def test_long_lines_are_cut_and_marked(runner: ScenarioRunner) -> None:
    recorder = Recorder()
    runner.start(STREAMS, ["0", "--long"], on_line=recorder.on_line, on_exit=recorder.on_exit)
    assert recorder.exited.wait(TIMEOUT_S)
    stdout = recorder.texts("stdout")
    ascii_line, chinese_line = stdout[-3], stdout[-2]
    assert ascii_line == "x" * MAX_LINE_BYTES + TRUNCATION_MARK
    assert chinese_line.endswith(TRUNCATION_MARK)
    kept = chinese_line.removesuffix(TRUNCATION_MARK)
    assert set(kept) == {"中"}  # cut at a character boundary, nothing replaced
    assert MAX_LINE_BYTES - 3 < len(kept.encode()) <= MAX_LINE_BYTES
    assert stdout[-1] == "after long"  # the rest of each long line was dropped


def test_on_started_gets_the_pid_before_any_line(runner: ScenarioRunner) -> None:
    recorder = Recorder()
    order: list[str] = []

    def on_started(pid: int) -> None:
        order.append("started")
        recorder.on_started(pid)

    running = runner.start(
        STREAMS,
        ["0"],
        on_line=lambda line: order.append("line"),
        on_exit=recorder.on_exit,
        on_started=on_started,
    )
    assert recorder.exited.wait(TIMEOUT_S)
    assert recorder.started == [running.pid]
    assert order[0] == "started"
    assert order.count("started") == 1


def test_create_time_matches_psutil(runner: ScenarioRunner, tmp_path: Path) -> None:
    recorder = Recorder()
    running = runner.start(
        FAMILY, [str(tmp_path / "pids.json")], on_line=recorder.on_line, on_exit=recorder.on_exit
    )
    assert running.create_time == psutil.Process(running.pid).create_time()
    assert psutil.Process(running.pid).ppid() == running.supervisor_pid
    assert psutil.Process(running.supervisor_pid).ppid() == os.getpid()
    if sys.platform.startswith("linux"):
        assert psutil.Process(running.supervisor_pid).name() == "ptop-supervisor"
    assert runner.current == running


def test_scenario_runs_in_its_own_session(runner: ScenarioRunner, tmp_path: Path) -> None:
    recorder = Recorder()
    running = runner.start(
        FAMILY, [str(tmp_path / "pids.json")], on_line=recorder.on_line, on_exit=recorder.on_exit
    )
    assert os.getsid(running.pid) == running.pid
    assert os.getpgid(running.pid) == running.pid
    assert os.getpgid(running.pid) != os.getpgid(0)


def test_starting_a_second_scenario_stops_the_first(runner: ScenarioRunner, tmp_path: Path) -> None:
    first = Recorder()
    _, family = start_family(runner, tmp_path, first)
    second = Recorder()
    runner.start(STREAMS, ["0"], on_line=second.on_line, on_exit=second.on_exit)
    # on_exit comes from the first run's reader thread: wait for it, a busy CI may lag.
    assert first.exited.wait(TIMEOUT_S)
    assert first.exits == [-signal.SIGTERM]
    assert_all_gone(family)
    assert second.exited.wait(TIMEOUT_S)
    assert second.exits == [0]


def test_sigterm_to_the_supervisor_ends_the_family(runner: ScenarioRunner, tmp_path: Path) -> None:
    recorder = Recorder()
    _, family = start_family(runner, tmp_path, recorder)
    running = runner.current
    assert running is not None

    psutil.Process(running.supervisor_pid).terminate()

    assert recorder.exited.wait(TIMEOUT_S)
    # Usually -SIGTERM; when the signal lands while Python is still starting up or in
    # multiprocessing's exit handlers the interpreter reports 1 instead (seen once in CI).
    assert len(recorder.exits) == 1
    assert recorder.exits[0] in (-signal.SIGTERM, 1)
    assert_all_gone(family)


def test_orphan_left_by_an_exited_scenario_is_ended(runner: ScenarioRunner, tmp_path: Path) -> None:
    recorder = Recorder()
    pid_file = tmp_path / "orphan.pid"
    runner.start(ORPHAN, [str(pid_file)], on_line=recorder.on_line, on_exit=recorder.on_exit)
    assert wait_for(pid_file.exists)
    orphan = identity(int(pid_file.read_text()))
    assert recorder.exited.wait(TIMEOUT_S)
    assert recorder.exits == [0]  # the root's exit code, not the orphan's
    if orphan is not None:
        assert_all_gone({orphan})
    assert any("left running" in text for text in recorder.texts("stderr"))


def test_a_scenario_that_ignores_sigterm_is_killed_after_the_grace_period(
    tmp_path: Path,
) -> None:
    recorder = Recorder()
    pids_file = tmp_path / "pids.json"
    runner = ScenarioRunner(grace_s=0.5)
    try:
        runner.start(STUBBORN, [str(pids_file)], on_line=recorder.on_line, on_exit=recorder.on_exit)
        assert wait_for(pids_file.exists)
        family = {member for pid in json.loads(pids_file.read_text()) if (member := identity(pid))}
        assert runner.stop() == -signal.SIGKILL
        assert_all_gone(family)
    finally:
        runner.close()


def test_stop_still_ends_the_family_when_the_supervisor_hangs(
    runner: ScenarioRunner, tmp_path: Path
) -> None:
    recorder = Recorder()
    _, family = start_family(runner, tmp_path, recorder)
    running = runner.current
    assert running is not None
    psutil.Process(running.supervisor_pid).suspend()  # deaf to SIGTERM until killed

    runner.stop(timeout_s=1.0)

    assert_all_gone(family, timeout_s=10.0)


def test_sigkill_of_the_launcher_leaves_no_descendant(tmp_path: Path) -> None:
    pids_file = tmp_path / "pids.json"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    )
    launcher = subprocess.Popen(
        [sys.executable, str(LAUNCHER_PROGRAM), str(FAMILY), str(pids_file)],
        env=env,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )
    family: set[Identity] = set()
    try:
        assert wait_for(pids_file.exists), "the scenario never got ready"
        family = family_of(launcher.pid) - {identity(launcher.pid)}
        listed = set(json.loads(pids_file.read_text()))
        assert listed <= {pid for pid, _ in family}

        launcher.kill()
        launcher.wait()

        assert_all_gone(family, timeout_s=10.0)
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
        kill_leftovers({member for member in family if alive(member)})


def test_stop_without_a_scenario_returns_none(runner: ScenarioRunner) -> None:
    assert runner.stop() is None
    assert runner.current is None


def test_close_is_idempotent_and_final(runner: ScenarioRunner, tmp_path: Path) -> None:
    recorder = Recorder()
    _, family = start_family(runner, tmp_path, recorder)
    runner.close()
    runner.close()
    assert_all_gone(family)
    with pytest.raises(RuntimeError, match="closed"):
        runner.start(STREAMS, ["0"], on_line=recorder.on_line, on_exit=recorder.on_exit)


def test_missing_script_is_refused(runner: ScenarioRunner, tmp_path: Path) -> None:
    recorder = Recorder()
    with pytest.raises(FileNotFoundError):
        runner.start(tmp_path / "nope.py", on_line=recorder.on_line, on_exit=recorder.on_exit)


def test_bad_interpreter_raises_a_start_error(tmp_path: Path) -> None:
    recorder = Recorder()
    runner = ScenarioRunner(python=tmp_path / "no-such-python")
    try:
        with pytest.raises(ScenarioStartError, match="no-such-python"):
            runner.start(STREAMS, ["0"], on_line=recorder.on_line, on_exit=recorder.on_exit)
    finally:
        runner.close()


def test_a_failing_callback_does_not_stop_the_output(runner: ScenarioRunner) -> None:
    recorder = Recorder()
    reported: list[BaseException | None] = []
    old_hook = threading.excepthook
    threading.excepthook = lambda args: reported.append(args.exc_value)

    def on_line(line: OutputLine) -> None:
        recorder.on_line(line)
        if line.text == "out 1":
            raise ValueError("callback bug")

    try:
        runner.start(STREAMS, ["0"], on_line=on_line, on_exit=recorder.on_exit)
        assert recorder.exited.wait(TIMEOUT_S)
    finally:
        threading.excepthook = old_hook
    assert "out 4" in recorder.texts("stdout")
    assert [type(exc) for exc in reported] == [ValueError]


def test_output_lines_arrive_printable(runner: ScenarioRunner) -> None:
    recorder = Recorder()
    runner.start(DATA / "hostile.py", [], on_line=recorder.on_line, on_exit=recorder.on_exit)
    assert wait_for(lambda: "ready" in recorder.texts("stdout"))
    runner.stop()
    assert recorder.texts("stdout") == [
        "red words stay words",
        "title ?]2;PWNED-OUT? tab here",
        "progress 100%",
        "ready",
    ]


def test_stop_asks_the_root_first_so_it_can_end_its_own_children(
    runner: ScenarioRunner,
) -> None:
    recorder = Recorder()
    runner.start(DATA / "polite_parent.py", [], on_line=recorder.on_line, on_exit=recorder.on_exit)
    assert wait_for(lambda: "ready" in recorder.texts("stdout"))
    assert runner.stop() == 130
    assert recorder.texts("stdout")[-2:] == [
        "child alive when asked to stop: True",
        "child ended by its parent",
    ]


def test_a_pool_stopped_between_rounds_shuts_down_cleanly(runner: ScenarioRunner) -> None:
    # Stopped while its fifth task runs, multiprocessing.Pool used to hang in terminate()
    # (its dead workers were replaced first) until the supervisor's SIGKILL.
    recorder = Recorder()
    pool = Path(__file__).parents[2] / "scenarios" / "pool.py"
    runner.start(pool, ["--seconds", "1"], on_line=recorder.on_line, on_exit=recorder.on_exit)
    assert wait_for(lambda: any(t.startswith("task 4 starts") for t in recorder.texts("stdout")))
    assert runner.stop() == -signal.SIGTERM  # SIGTERM's default action, not the SIGKILL fallback
