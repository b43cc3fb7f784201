"""Every teaching scenario keeps the contract in docs/architecture.md B3, and teaches what is true.

Static checks (docstring sections, shebang, stdlib-only imports ...) are fast. The rest run
the real scripts in their own session (process group) and fail if anything is left behind.
"""

from __future__ import annotations

import ast
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
SCENARIO_PATHS = {path.stem: path for path in sorted(SCENARIO_DIR.glob("*.py"))}
NAMES = sorted(SCENARIO_PATHS)

SECTIONS = (
    "Order",
    "Teaches",
    "Watch in ptop",
    "Run",
    "Sample output",
    "Title (zh)",
    "Teaches (zh)",
    "Watch in ptop (zh)",
)
PREFIX = re.compile(r"^\[pid \d+ tid \d+\] ")
LESSON = re.compile(r"\[lesson\] [a-z][a-z-]*( [a-z_]+=\S+)*$")
HEADER = re.compile(r"^(?P<name>[A-Za-z][A-Za-z ()]*):(?P<rest>.*)$")
GROUP_GRACE_S = 3.0  # helpers such as a resource tracker may take a moment to notice EOF

needs_process_groups = pytest.mark.skipif(
    not hasattr(os, "killpg"), reason="needs POSIX sessions and process groups"
)


@dataclass(frozen=True)
class Case:
    """How a scenario is run by the generic test, and what its output must contain."""

    args: tuple[str, ...]
    events: frozenset[str]
    timeout_s: float = 40.0
    marks: tuple[pytest.MarkDecorator, ...] = field(default=())


# Every scenario needs an explicit entry here: test_every_scenario_has_a_case fails otherwise.
CASES: dict[str, Case] = {
    "fork": Case(
        ("--seconds", "1", "--thread-first"),
        frozenset({"child", "exit"}),
        marks=(pytest.mark.posix,),
    ),
    "process": Case(
        ("--seconds", "1", "--workers", "2"), frozenset({"start-method", "child", "exit"})
    ),
    "pool": Case(
        ("--seconds", "1"), frozenset({"parent-threads", "task-start", "task-end", "result"})
    ),
    "subprocess": Case(("--seconds", "1"), frozenset({"child", "exit"})),
    "queue": Case(
        ("--seconds", "1", "--items", "3"), frozenset({"put", "writer-threads", "get", "exit"})
    ),
    "threads": Case(("--seconds", "1"), frozenset({"thread-start", "thread-end"})),
    "counter": Case(
        ("--seconds", "2", "--rounds", "3"),
        frozenset({"environment", "phase", "round", "phase-end", "result"}),
    ),
    "gil": Case(
        ("--seconds", "1", "--workers", "2"),
        frozenset({"environment", "phase", "phase-end", "result"}),
    ),
    "threadlocal": Case(("--seconds", "1"), frozenset({"thread-start", "thread-end"})),
    "switching": Case(("--seconds", "1"), frozenset({"phase", "step", "phase-end"})),
    "cpu-vs-io": Case(("--seconds", "1"), frozenset({"phase", "phase-end", "convoy", "result"})),
    "asyncio": Case(("--seconds", "1"), frozenset({"phase", "phase-end"})),
    "deadlock": Case(
        ("--seconds", "1"), frozenset({"thread-start", "phase", "phase-end", "stuck"})
    ),
    "distributed": Case(
        ("--seconds", "1"),
        frozenset({"serving", "sent", "auth-rejected", "result", "worker-exit", "exit"}),
    ),
}


# ---- Helpers: docstrings. -------------------------------------------------------------------


def parse_docstring(path: Path) -> tuple[str, dict[str, list[str]]]:
    """Split a scenario docstring into (title, {section: lines}) the way the catalog does."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=False)
    assert docstring, f"{path.name} has no module docstring"
    lines = docstring.splitlines()
    title = lines[0]
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines[1:]:
        match = HEADER.match(line)
        if match and match.group("name") in SECTIONS:
            current = sections.setdefault(match.group("name"), [])
            if match.group("rest").strip():
                current.append(match.group("rest").strip())
        elif current is None:
            assert not line.strip(), f"{path.name}: text before the first section: {line!r}"
        else:
            assert not line.strip() or line.startswith("    "), (
                f"{path.name}: section text must be indented 4 spaces: {line!r}"
            )
            current.append(line[4:])
    return title, sections


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every absolute import in the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


# ---- Helpers: running scenarios. ----------------------------------------------------------


@dataclass
class Run:
    """One finished scenario run."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.strip()]

    def lessons(self, event: str | None = None) -> list[dict[str, str]]:
        """Parsed `[lesson]` lines (optionally of one event), with the event under "event"."""
        found = []
        for line in self.lines:
            _, marker, rest = line.partition("] [lesson] ")
            if not marker:
                continue
            name, *pairs = rest.split()
            if event is None or name == event:
                found.append({"event": name, **dict(pair.split("=", 1) for pair in pairs)})
        return found


def start(name: str, *args: str) -> subprocess.Popen[str]:
    """Start a scenario as `python scenarios/NAME.py ARGS` in a new session."""
    return subprocess.Popen(
        [sys.executable, str(SCENARIO_PATHS[name]), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,  # its own process group, so leftovers can be found and killed
    )


def group_alive(pgid: int) -> bool:
    """Is any process left in the process group `pgid`?"""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a process we may not signal is still there
        return True
    return True


def describe_group(pgid: int) -> str:
    found = []
    for proc in psutil.process_iter(["pid", "cmdline", "status"]):
        try:
            if os.getpgid(proc.pid) == pgid:
                cmdline = " ".join(proc.info["cmdline"] or [])[:80]
                found.append(f"{proc.pid} {proc.info['status']} {cmdline}")
        except (ProcessLookupError, PermissionError, psutil.Error):
            continue
    return "; ".join(found) or "(gone by the time we looked)"


def assert_group_empty(pgid: int) -> None:
    """Fail (after killing them) if processes of the scenario's group outlive it."""
    deadline = time.monotonic() + GROUP_GRACE_S
    while group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if group_alive(pgid):
        described = describe_group(pgid)
        os.killpg(pgid, signal.SIGKILL)
        pytest.fail(f"scenario left processes behind in its group: {described}")


def finish(proc: subprocess.Popen[str], timeout_s: float) -> Run:
    """Wait for a started scenario, kill its group on timeout, check nothing is left."""
    try:
        stdout, stderr = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        pytest.fail(f"timed out after {timeout_s} s; stdout tail:\n{stdout[-2000:]}\n{stderr}")
    assert_group_empty(proc.pid)
    return Run(proc.returncode, stdout, stderr)


_RUNS: dict[str, Run] = {}


def run_case(name: str) -> Run:
    """Run a scenario with its CASES arguments once per test session."""
    if name not in _RUNS:
        case = CASES[name]
        _RUNS[name] = finish(start(name, *case.args), case.timeout_s)
    return _RUNS[name]


class LineReader:
    """Read a running scenario's stdout line by line in the background."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(proc.stdout,), daemon=True)
        self._thread.start()

    def _pump(self, stream) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, needle: str, timeout_s: float) -> str:
        """Return the first new line containing `needle`; fail after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                pytest.fail(f"scenario ended before printing {needle!r}:\n" + "\n".join(self.lines))
            self.lines.append(line)
            if needle in line:
                return line
        pytest.fail(f"no line with {needle!r} within {timeout_s} s:\n" + "\n".join(self.lines))

    def rest(self, timeout_s: float = 10.0) -> list[str]:
        """Collect the remaining lines after the process has closed stdout."""
        self._thread.join(timeout_s)
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                return self.lines
            if line is not None:
                self.lines.append(line)


def stop_group(proc: subprocess.Popen[str]) -> None:
    """Last-resort cleanup for tests that read output while the scenario runs."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    if group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGKILL)


def case_params() -> list:
    return [pytest.param(name, marks=CASES[name].marks if name in CASES else ()) for name in NAMES]


# ---- Static contract. ---------------------------------------------------------------------


def test_scenarios_exist():
    assert len(NAMES) >= 14, NAMES


def test_every_scenario_has_a_case():
    missing = sorted(set(NAMES) - set(CASES))
    stale = sorted(set(CASES) - set(NAMES))
    assert not missing, f"add these scenarios to CASES in {Path(__file__).name}: {missing}"
    assert not stale, f"CASES lists scenarios that no longer exist: {stale}"


@pytest.mark.parametrize("name", NAMES)
def test_docstring_has_every_section_in_order(name):
    title, sections = parse_docstring(SCENARIO_PATHS[name])
    assert title.strip(), "the first line must be the title"
    assert title == title.strip(), "the title has no surrounding spaces"
    assert list(sections) == list(SECTIONS), f"sections must be exactly {SECTIONS}"
    assert len(sections["Order"]) == 1
    assert sections["Order"][0].isdigit(), "Order: must be an integer"
    for section, lines in sections.items():
        assert any(line.strip() for line in lines), f"section {section!r} is empty"
    assert len([line for line in sections["Title (zh)"] if line.strip()]) == 1
    assert any(f"scenarios/{name}.py" in line for line in sections["Run"])


@pytest.mark.parametrize("name", NAMES)
def test_sample_output_is_a_real_transcript(name):
    _, sections = parse_docstring(SCENARIO_PATHS[name])
    sample = [line for line in sections["Sample output"] if line.strip()]
    assert sum(bool(PREFIX.match(line)) for line in sample) >= 3, "paste a real run"
    assert any("result:" in line for line in sample), "the transcript should end with result:"


def test_orders_are_unique_and_cover_one_to_n():
    orders = {
        name: int(parse_docstring(path)[1]["Order"][0]) for name, path in SCENARIO_PATHS.items()
    }
    assert sorted(orders.values()) == list(range(1, len(orders) + 1)), orders


@pytest.mark.parametrize("name", NAMES)
def test_shebang_and_executable_bit(name):
    path = SCENARIO_PATHS[name]
    assert path.read_text(encoding="utf-8").startswith("#!/usr/bin/env python3\n")
    if os.name == "posix":
        assert os.access(path, os.X_OK), f"chmod +x {path}"


@pytest.mark.parametrize("name", NAMES)
def test_main_signature_and_guard(name):
    source = SCENARIO_PATHS[name].read_text(encoding="utf-8")
    assert "def main(argv: list[str] | None = None) -> int:" in source
    assert 'if __name__ == "__main__":\n    sys.exit(main())' in source


@pytest.mark.parametrize("name", NAMES)
def test_imports_only_the_standard_library(name):
    modules = imported_modules(SCENARIO_PATHS[name])
    assert "ptop" not in modules, "scenarios must stay standalone"
    third_party = sorted(modules - set(sys.stdlib_module_names) - {"__future__"})
    assert not third_party, f"not in the standard library: {third_party}"


@pytest.mark.parametrize("name", NAMES)
def test_threads_and_processes_are_named(name):
    tree = ast.parse(SCENARIO_PATHS[name].read_text(encoding="utf-8"))
    source_lines = SCENARIO_PATHS[name].read_text(encoding="utf-8").splitlines()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr in {"Thread", "Process"}:
            on_purpose = "never started" in source_lines[node.lineno - 1]
            named = any(keyword.arg == "name" for keyword in node.keywords)
            assert named or on_purpose, f"line {node.lineno}: give the {node.func.attr} a name="


# ---- Running every scenario. --------------------------------------------------------------


@pytest.mark.slow
@needs_process_groups
@pytest.mark.parametrize("name", case_params())
def test_scenario_runs_cleanly(name):
    run = run_case(name)
    assert run.returncode == 0, f"exit code {run.returncode}\n{run.stdout[-3000:]}\n{run.stderr}"
    assert run.lines, "no output"
    unprefixed = [line for line in run.lines if not PREFIX.match(line)]
    assert not unprefixed, f"lines without the [pid N tid M] prefix: {unprefixed[:5]}"
    assert "result:" in run.lines[-1], f"last line should be the result: {run.lines[-1]!r}"
    assert "Traceback" not in run.stderr, run.stderr


@pytest.mark.slow
@needs_process_groups
@pytest.mark.parametrize("name", case_params())
def test_lesson_lines_parse_and_cover_the_lesson(name):
    run = run_case(name)
    lesson_lines = [line for line in run.lines if "[lesson]" in line]
    bad = [line for line in lesson_lines if not LESSON.search(line)]
    assert not bad, f"malformed [lesson] lines: {bad[:5]}"
    seen = {lesson["event"] for lesson in run.lessons()}
    missing = CASES[name].events - seen
    assert not missing, f"expected [lesson] events {sorted(missing)}; saw {sorted(seen)}"


# ---- What the scenarios teach. ------------------------------------------------------------


@pytest.mark.slow
@needs_process_groups
def test_counter_unlocked_loses_updates_and_locked_never_does():
    rounds = run_case("counter").lessons("round")
    unlocked = [r for r in rounds if r["phase"] == "unlocked"]
    locked = [r for r in rounds if r["phase"] == "locked"]
    assert unlocked, rounds
    assert locked, rounds
    assert any(int(r["got"]) < int(r["expected"]) for r in unlocked), unlocked
    assert all(int(r["got"]) == int(r["expected"]) for r in locked), locked


@pytest.mark.slow
@needs_process_groups
def test_pool_fifth_task_waits_and_reuses_a_worker():
    run = run_case("pool")
    starts = {int(s["task"]): s for s in run.lessons("task-start")}
    first_round_pids = {starts[task]["pid"] for task in range(4)}
    assert len(first_round_pids) == 4, starts
    assert starts[4]["pid"] in first_round_pids
    assert float(starts[4]["t"]) >= 0.8 * 1.0  # it waited for a one-second task to finish


@pytest.mark.slow
@pytest.mark.posix
@needs_process_groups
def test_fork_warns_about_threads_only_from_python_3_12():
    warned = bool(run_case("fork").lessons("fork-warning"))
    assert warned == (sys.version_info >= (3, 12))


@pytest.mark.slow
@needs_process_groups
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="OS thread names via prctl")
def test_threads_os_names_match_python_names():
    said = [line for line in run_case("threads").lines if "the OS calls me" in line]
    assert said
    for line in said:
        python_name = line.split("I am ", 1)[1].split(",", 1)[0]
        os_name = line.rsplit("the OS calls me ", 1)[1]
        assert python_name == os_name, line


@pytest.mark.slow
@needs_process_groups
def test_convoy_sleeps_wake_late_next_to_a_spinner():
    convoy = {c["spinner"]: c for c in run_case("cpu-vs-io").lessons("convoy")}
    # The sleeper has to wait for the spinner to be asked to drop the GIL: about 5 ms.
    assert float(convoy["yes"]["mean_late_ms"]) > 2.0, convoy


@pytest.mark.slow
@needs_process_groups
def test_queue_reader_is_terminated_with_sigterm():
    exits = run_case("queue").lessons("exit")
    assert [e["code"] for e in exits] == ["0", "-15"], exits


@pytest.mark.slow
@needs_process_groups
def test_asyncio_waits_on_one_thread_and_threads_need_many():
    ends = {e["name"]: e for e in run_case("asyncio").lessons("phase-end")}
    assert ends["asyncio"]["os_threads"] == "1"
    assert int(ends["threads"]["os_threads"]) > 100


def cores_used(processes: list[psutil.Process], window_s: float) -> tuple[float, float]:
    """(CPU seconds per second used by `processes` and their descendants, idle cores)."""

    def tree_cpu() -> dict[int, float]:
        cpu: dict[int, float] = {}
        for proc in processes:
            try:
                members = [proc, *proc.children(recursive=True)]
            except psutil.Error:
                continue
            for member in members:
                try:
                    times = member.cpu_times()
                except psutil.Error:
                    continue
                cpu[member.pid] = times.user + times.system
        return cpu

    def idle() -> float:
        times = psutil.cpu_times()
        return times.idle + getattr(times, "iowait", 0.0)

    before, idle_before, t0 = tree_cpu(), idle(), time.monotonic()
    time.sleep(window_s)
    after, idle_after, t1 = tree_cpu(), idle(), time.monotonic()
    used = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
    return used / (t1 - t0), (idle_after - idle_before) / (t1 - t0)


@pytest.mark.slow
@needs_process_groups
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs at least two cores")
def test_gil_threads_share_one_core_and_processes_use_more():
    # Three 3-second phases; each is sampled for 1.5 s starting 0.6 s after it begins. The
    # machine may be busy with other work, so the bounds are physical, not speed-dependent:
    # GIL-bound threads can never use much more than one core, and parallel workers must
    # either use clearly more than one core or leave no core idle (others took the rest).
    proc = start("gil", "--seconds", "3", "--workers", "2")
    reader = LineReader(proc)
    measured: dict[str, tuple[float, float]] = {}
    try:
        main = psutil.Process(proc.pid)
        for phase in ("threads", "processes", "hashlib"):
            reader.wait_for(f"[lesson] phase name={phase} ", timeout_s=20)
            time.sleep(0.6)
            measured[phase] = cores_used([main], window_s=1.5)
        proc.wait(timeout=20)
        reader.rest()
    finally:
        stop_group(proc)
    assert proc.returncode == 0, "\n".join(reader.lines)
    assert_group_empty(proc.pid)

    threads_cores, _ = measured["threads"]
    assert threads_cores < 1.4, f"GIL-bound threads used {threads_cores:.2f} cores"
    for phase in ("processes", "hashlib"):
        cores, idle_cores = measured[phase]
        assert cores > 1.4 or idle_cores < 0.25, (
            f"phase {phase}: {cores:.2f} cores used while {idle_cores:.2f} cores sat idle "
            f"(threads phase: {threads_cores:.2f})"
        )


def thread_status(pid: int, tid: int) -> tuple[str, int]:
    """(state letter, voluntary + involuntary context switches) of one thread."""
    with open(f"/proc/{pid}/task/{tid}/stat", encoding="ascii") as stat:
        state = stat.read().rsplit(")", 1)[1].split()[0]
    switches = 0
    with open(f"/proc/{pid}/task/{tid}/status", encoding="ascii") as status:
        for line in status:
            if "ctxt_switches:" in line:
                switches += int(line.split()[1])
    return state, switches


@pytest.mark.slow
@needs_process_groups
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_deadlocked_threads_sleep_without_cpu_or_switches():
    proc = start("deadlock", "--seconds", "3")
    reader = LineReader(proc)
    try:
        reader.wait_for("[lesson] phase name=deadlocked", timeout_s=10)
        run = Run(0, "\n".join(reader.lines), "")
        tids = [int(event["tid"]) for event in run.lessons("thread-start")]
        assert len(tids) == 2, reader.lines
        main = psutil.Process(proc.pid)

        def cpu_by_tid() -> dict[int, float]:
            return {t.id: t.user_time + t.system_time for t in main.threads()}

        cpu_before = cpu_by_tid()
        status_before = {tid: thread_status(proc.pid, tid) for tid in tids}
        time.sleep(1.0)
        cpu_after = cpu_by_tid()
        status_after = {tid: thread_status(proc.pid, tid) for tid in tids}
        proc.wait(timeout=15)
        reader.rest()
    finally:
        stop_group(proc)
    assert proc.returncode == 0, "\n".join(reader.lines)
    assert "result:" in reader.lines[-1]
    assert_group_empty(proc.pid)
    for tid in tids:
        assert status_before[tid][0] == "S", status_before
        assert status_after[tid][0] == "S", status_after
        assert cpu_after[tid] - cpu_before[tid] < 0.05, (cpu_before, cpu_after)
        assert status_after[tid][1] - status_before[tid][1] <= 1, (status_before, status_after)


@pytest.mark.slow
@needs_process_groups
@pytest.mark.parametrize("name", case_params())
def test_sigterm_stops_the_scenario_and_everything_it_started(name):
    # Default arguments, so every scenario is still busy when the signal arrives.
    proc = start(name)
    reader = LineReader(proc)
    try:
        reader.wait_for("[pid ", timeout_s=10)  # the SIGTERM handler is installed by now
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=8)
        lines = reader.rest()
    finally:
        stop_group(proc)
    assert proc.returncode == 130, f"exit code {proc.returncode}\n" + "\n".join(reader.lines)
    assert "result: interrupted" in lines[-1], lines[-3:]
    assert_group_empty(proc.pid)
