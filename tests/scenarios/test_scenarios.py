"""Every teaching scenario keeps the contract in docs/architecture.md B3, and teaches what is true.

Static checks (docstring card, shebang, stdlib-only imports, the lesson on the first screen)
are fast. The rest run the real scripts in their own session (process group) and fail if
anything is left behind, if a line is printed for a machine rather than a person, or if
ptop's lesson cannot read what it needs from the output.
"""

from __future__ import annotations

import ast
import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from ptop.launcher.catalog import ScenarioInfo, load_catalog
from ptop.model.lesson_lines import parse_line
from ptop.model.lessons.registry import lesson_for, registered, scenarios_with_lessons

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
CATALOG: dict[str, ScenarioInfo] = {info.name: info for info in load_catalog(SCENARIO_DIR)}
SCENARIO_PATHS = {name: info.path for name, info in CATALOG.items()}
NAMES = sorted(SCENARIO_PATHS)

PLUMBING = "# ---- plumbing you can skip ----"
FIRST_SCREEN = 40  # lines of code after the docstring
MAX_LINES = 200  # a whole scenario, bilingual card included
KEY_VALUE = re.compile(r"\S+=\S+")
GROUP_GRACE_S = 3.0  # helpers such as a resource tracker may take a moment to notice EOF

needs_process_groups = pytest.mark.skipif(
    not hasattr(os, "killpg"), reason="needs POSIX sessions and process groups"
)


@dataclass(frozen=True)
class Case:
    """How the generic tests run a scenario: a short run, and its marks.

    What the run must show comes from the scenario's registered lesson (see key_call and
    expected_events), so a new scenario with its lesson needs no entry here.
    """

    args: tuple[str, ...] = ("--seconds", "1")
    timeout_s: float = 40.0
    marks: tuple[pytest.MarkDecorator, ...] = field(default=())


# Only the scenarios whose short run needs more than --seconds 1.
CASES: dict[str, Case] = {
    "fork": Case(("--seconds", "1", "--thread-first"), marks=(pytest.mark.posix,)),
    "process": Case(("--seconds", "1", "--workers", "2")),
    "queue": Case(("--seconds", "1", "--items", "3")),
    "counter": Case(("--seconds", "2", "--rounds", "3")),
    "gil": Case(("--seconds", "1", "--workers", "2")),
}


def case(name: str) -> Case:
    return CASES.get(name, Case())


def key_call(name: str) -> str:
    """The lesson's key call, which must stand on the first screen of code."""
    entry = registered(name)
    assert entry is not None, f"no lesson registered for the scenario {name!r}"
    assert entry.key_call, f"register the {name!r} lesson with its key_call="
    return entry.key_call


def expected_events(name: str) -> frozenset[str]:
    """Every event the scenario's lesson reads: a real run must print each of them."""
    return frozenset(pattern.event for pattern in lesson_for(name).reads)


# ---- Helpers: source. --------------------------------------------------------------------


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

    def matches(self, pattern: str) -> list[re.Match[str]]:
        """The matches of `pattern` in the output, a line at most one."""
        return [match for line in self.lines if (match := re.search(pattern, line))]

    def events(self, name: str, event: str | None = None) -> list[dict[str, str]]:
        """What scenario `name`'s lesson reads from this output (optionally one event)."""
        reads = lesson_for(name).reads
        found = []
        for line in self.lines:
            read = parse_line(line, reads)
            if read is not None and (event is None or read.event == event):
                found.append({"event": read.event, **dict(read.fields)})
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
    """Run a scenario with its case's arguments once per test session."""
    if name not in _RUNS:
        how = case(name)
        _RUNS[name] = finish(start(name, *how.args), how.timeout_s)
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
    return [pytest.param(name, marks=case(name).marks) for name in NAMES]


# ---- Static contract. ---------------------------------------------------------------------


def test_scenarios_exist():
    assert len(NAMES) >= 14, NAMES


def test_every_scenario_has_a_registered_lesson_with_its_key_call():
    missing = sorted(set(NAMES) - set(scenarios_with_lessons()))
    stale = sorted(set(CASES) - set(NAMES))
    assert not missing, f"register a lesson (src/ptop/model/lessons/) for: {missing}"
    assert not stale, f"CASES lists scenarios that no longer exist: {stale}"
    for name in NAMES:
        assert key_call(name)
        assert expected_events(name), f"the {name!r} lesson reads no line of its scenario"


@pytest.mark.parametrize("name", NAMES)
def test_the_card_is_complete_in_both_languages(name):
    info = CATALOG[name]  # the catalog already refuses a card that lacks a section
    for field_name in ScenarioInfo.__slots__:
        assert getattr(info, field_name) not in (None, ""), field_name
    assert "\n" not in (info.title_zh or "")
    assert f"scenarios/{info.path.name}" in (info.run or "")
    sample = [line for line in (info.sample_output or "").splitlines() if line.strip()]
    assert len(sample) >= 3, "paste a real run"
    assert any(line.startswith("result:") for line in sample), "a real run ends with result:"


def test_orders_are_unique_and_cover_one_to_n():
    orders = sorted(info.order or 0 for info in CATALOG.values())
    assert orders == list(range(1, len(orders) + 1)), orders


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
    assert source.endswith('if __name__ == "__main__":\n    sys.exit(main())\n')


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


@pytest.mark.parametrize("name", NAMES)
def test_the_lesson_comes_first_and_the_file_stays_short(name):
    path = SCENARIO_PATHS[name]
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= MAX_LINES, f"{path.name}: {len(lines)} lines, at most {MAX_LINES}"
    after_docstring = ast.parse(text).body[0].end_lineno or 0
    first_screen = lines[after_docstring : after_docstring + FIRST_SCREEN]
    key = key_call(name)
    assert any(key in line for line in first_screen), (
        f"{path.name}: the lesson's key call {key!r} is not in the {FIRST_SCREEN} lines of "
        "code after the docstring"
    )
    assert PLUMBING in lines, f"{path.name}: put what is not the lesson under {PLUMBING!r}"
    assert lines.index(PLUMBING) > after_docstring + next(
        index for index, line in enumerate(first_screen) if key in line
    )
    for leftover in ("sys.path", "PYTHONSAFEPATH", "pthread_sigmask", "[lesson]"):
        assert leftover not in text, f"{path.name} still has {leftover!r}"


@pytest.mark.parametrize("name", NAMES)
def test_no_file_name_shadows_a_standard_module(name):
    path = SCENARIO_PATHS[name]
    assert path.stem not in sys.stdlib_module_names, f"rename {path.name} (add a Name: line)"


def machine_only(line: str) -> bool:
    """A line no person would read: bracketed tags, or key=value words and little else."""
    if line.lstrip().startswith("[") or "[lesson]" in line:
        return True
    words = re.findall(r"[^\W\d_]{2,}", KEY_VALUE.sub(" ", line))
    return len(words) < 2


def test_machine_only_lines_are_told_apart_from_prose():
    assert machine_only("[lesson] task-start task=1 pid=5 t=0.1")
    assert machine_only("[pid 5 tid 5] task 1 starts")
    assert machine_only("task=1 pid=5 t=0.1")
    assert not machine_only("task 1 starts in ForkPoolWorker-2 · pid=31671 t=0.02s")
    assert not machine_only("phase threads done · cores=0.98 (CPU seconds per wall second)")


# ---- Running every scenario. --------------------------------------------------------------


@pytest.mark.slow
@needs_process_groups
@pytest.mark.parametrize("name", case_params())
def test_scenario_runs_cleanly_and_prints_only_prose(name):
    run = run_case(name)
    assert run.returncode == 0, f"exit code {run.returncode}\n{run.stdout[-3000:]}\n{run.stderr}"
    assert run.lines, "no output"
    assert run.lines[-1].startswith("result:"), f"last line should be the result: {run.lines[-1]!r}"
    assert "Traceback" not in run.stderr, run.stderr
    machine = [line for line in run.lines if machine_only(line)]
    assert not machine, f"lines printed for a machine, not a person: {machine[:5]}"
    repeats = [a for a, b in zip(run.lines, run.lines[1:], strict=False) if a == b]
    assert not repeats, f"the same line twice in a row: {repeats[:3]}"


@pytest.mark.slow
@needs_process_groups
@pytest.mark.parametrize("name", case_params())
def test_the_lesson_reads_what_it_needs_from_the_output(name):
    seen = {event["event"] for event in run_case(name).events(name)}
    missing = expected_events(name) - seen
    assert not missing, f"ptop's lesson read no {sorted(missing)} lines; it read {sorted(seen)}"


# ---- What the scenarios teach. ------------------------------------------------------------


@pytest.mark.slow
@needs_process_groups
def test_counter_unlocked_loses_updates_and_locked_never_does():
    rounds = run_case("counter").matches(r"^(\w+) round \d+: expected ([\d,]+), got ([\d,]+)")
    numbers = [(m[1], int(m[2].replace(",", "")), int(m[3].replace(",", ""))) for m in rounds]
    unlocked = [(expected, got) for phase, expected, got in numbers if phase == "unlocked"]
    locked = [(expected, got) for phase, expected, got in numbers if phase == "locked"]
    assert unlocked, numbers
    assert locked, numbers
    assert any(got < expected for expected, got in unlocked), unlocked
    assert all(got == expected for expected, got in locked), locked


@pytest.mark.slow
@needs_process_groups
def test_pool_fifth_task_waits_and_reuses_a_worker():
    starts = run_case("pool").matches(r"^task (\d) starts in \S+ · pid=(\d+) t=([\d.]+)s$")
    pid = {int(m[1]): m[2] for m in starts}
    first_round_pids = {pid[task] for task in range(4)}
    assert len(first_round_pids) == 4, pid
    assert pid[4] in first_round_pids
    t = {int(m[1]): float(m[3]) for m in starts}
    assert t[4] >= 0.8 * 1.0  # it waited for a one-second task to finish


@pytest.mark.slow
@pytest.mark.posix
@needs_process_groups
def test_fork_warns_about_threads_only_from_python_3_12():
    warned = bool(run_case("fork").matches(r"^parent: fork\(\) warned: DeprecationWarning"))
    assert warned == (sys.version_info >= (3, 12))


@pytest.mark.slow
@needs_process_groups
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="OS thread names via prctl")
def test_threads_os_names_match_python_names():
    said = run_case("threads").matches(r"^thread (\S+) >>> \d+; the OS calls it (.+)$")
    assert len(said) >= 3
    for match in said:
        assert match[1] == match[2], match[0]


@pytest.mark.slow
@needs_process_groups
def test_convoy_sleeps_wake_late_next_to_a_spinner():
    late = run_case("cpu-vs-io").matches(r"next to a spinning thread .* late=([\d.]+)ms")
    # The sleeper has to wait for the spinner to be asked to drop the GIL: about 5 ms.
    assert len(late) == 1
    assert float(late[0][1]) > 2.0, late[0][0]


@pytest.mark.slow
@needs_process_groups
def test_queue_reader_is_terminated_with_sigterm():
    exits = run_case("queue").matches(r"^(Writer|Reader) exited · pid=\d+ code=(-?\d+)$")
    assert [(m[1], m[2]) for m in exits] == [("Writer", "0"), ("Reader", "-15")], exits


@pytest.mark.slow
@needs_process_groups
def test_asyncio_waits_on_one_thread_and_threads_need_many():
    ends = {e["name"]: e for e in run_case("asyncio").events("asyncio", "phase-end")}
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
            reader.wait_for(f"phase {phase}:", timeout_s=20)
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
        reader.wait_for("deadlock:", timeout_s=10)
        run = Run(0, "\n".join(reader.lines), "")
        tids = [int(match[1]) for match in run.matches(r"holds lock \w; .* · tid=(\d+)$")]
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
def test_stopped_as_ptop_stops_it_nothing_is_left_and_nothing_complains(name):
    # ptop's supervisor sends SIGTERM to the scenario's root alone, then, once the root has
    # exited, to the whole group. The scenarios keep no handlers of their own for that: the
    # default action is the clean stop. Default arguments: every scenario is still busy.
    proc = start(name)
    reader = LineReader(proc)
    try:
        reader.wait_for("", timeout_s=10)
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=8)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        reader.rest()
        assert_group_empty(proc.pid)  # before the last-resort SIGKILL below
    finally:
        stop_group(proc)
    assert proc.returncode == -signal.SIGTERM, "\n".join(reader.lines)
    stderr = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in stderr, stderr


@pytest.mark.slow
@needs_process_groups
@pytest.mark.parametrize("name", case_params())
def test_ctrl_c_by_hand_ends_every_process_at_once_and_quietly(name):
    # Ctrl+C in a terminal sends SIGINT to the whole foreground process group.
    proc = start(name)
    reader = LineReader(proc)
    try:
        reader.wait_for("", timeout_s=10)
        time.sleep(1.0)
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=5)
        reader.rest()
        assert_group_empty(proc.pid)  # before the last-resort SIGKILL below
    finally:
        stop_group(proc)
    assert proc.returncode == -signal.SIGINT, "\n".join(reader.lines)
    stderr = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in stderr, stderr


@pytest.mark.slow
@needs_process_groups
def test_distributed_writes_its_key_only_where_asked_and_only_for_its_owner(tmp_path):
    # A stopped master cannot delete a key file (SIGTERM's default action runs no code),
    # so it writes one only when the student wants a worker in another terminal.
    def temp_keys() -> set[Path]:
        return set(Path(tempfile.gettempdir()).glob("*.key"))

    before = temp_keys()
    run = finish(start("distributed", "--seconds", "1"), 60)
    assert run.returncode == 0, run.stdout
    assert "--key-file" not in run.stdout
    assert not temp_keys() - before
    key_file = tmp_path / "master.key"
    run = finish(start("distributed", "--seconds", "1", "--key-file", str(key_file)), 60)
    assert run.returncode == 0, run.stdout
    assert f"--key-file {key_file}" in run.stdout
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(bytes.fromhex(key_file.read_text())) == 16
