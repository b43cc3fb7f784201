"""Benchmark ptop the way users compare monitors: a standard load, a real terminal, side by side.

    python -m benchmarks.run [--profile tiny|default|heavy] [--seconds N] [--warmup N]
                             [--spinners K] [--gil] [--compare htop,btop,glances]
                             [--variant LABEL=COMMAND ...] [--repeat R] [--no-micro] [--json]

1. Starts the standard load (benchmarks/load.py): N idle processes and M idle threads
   (default 300 / 2,000; heavy 1,000 / 10,000; tiny 10 / 20), optionally K spinning processes
   and, with --gil, one process with as many spinning threads as there are cores (what the
   gil lesson's first phase does).
2. Runs the installed `ptop --interval 1` in a detached tmux pane of 160x50 (its own tmux
   server), then any --variant builds of ptop and each of htop, btop and glances that is
   installed, the same way at a 1 s refresh. Each is started once unmeasured (warm page and
   bytecode caches), then measured: the time from spawning it until the pane shows the
   process table's header ("PID" ... "Command"; capture-pane every 20 ms) and the CPU it had
   used by then; after a warm-up, over a fixed window: CPU seconds per wall second of its
   process tree (utime + stime from /proc, in % of one core), peak RSS (VmHWM), and how
   often the screen changed (frames/s and the longest gap, from capture-pane every 0.2 s).
   With --repeat R the monitors take turns R times and the medians are reported.
3. Times `ptop --once --json` (median of 5 runs, after one unmeasured run).
4. Runs the microbenchmarks (benchmarks/micro.py) in a fresh interpreter, under the same load.
5. Removes the load (and checks by pid and start time that nothing of it is left), also on
   Ctrl+C, SIGTERM, SIGHUP or an error.

Prints a table, then one JSON line per result (only the JSON lines with --json). Absolute
numbers drift on a shared machine; compare the ratios (ptop / htop ...) from one invocation.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.load import Load, LoadSpec, start_ticks

TERMINAL = (160, 50)
HEADER = re.compile(r"\bpid\b.*\bcommand\b", re.IGNORECASE)
"""The process table's header line, in any of the monitors."""
FIRST_FRAME_TIMEOUT_S = 30.0
FIRST_FRAME_STARTS = 5
"""Measured starts per monitor; the first frame reported is their median."""
FRAME_POLL_S = 0.2
FIRST_FRAME_POLL_S = 0.02
"""Each capture-pane costs ~3 ms of CPU: polling faster would steal a core from the monitor."""
ONCE_RUNS = 5
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Profile:
    """A load and a measuring window."""

    processes: int
    threads: int
    seconds: float
    warmup: float
    cpu_budget_percent: float | None


PROFILES = {
    "tiny": Profile(10, 20, seconds=3.0, warmup=1.0, cpu_budget_percent=None),
    "default": Profile(300, 2000, seconds=20.0, warmup=5.0, cpu_budget_percent=3.0),
    "heavy": Profile(1000, 10000, seconds=20.0, warmup=5.0, cpu_budget_percent=6.0),
}
RSS_BUDGET_MIB = 45.0
FIRST_FRAME_BUDGET_MS = 600.0
ONCE_BUDGET_MS = 300.0


# -- /proc ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcTable:
    """Every process's parent, CPU ticks and thread count, read once from /proc."""

    ppid: dict[int, int]
    cpu_ticks: dict[int, int]
    threads: dict[int, int]

    @classmethod
    def read(cls) -> ProcTable:
        """Read /proc now."""
        ppid, ticks, threads = {}, {}, {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as file:
                    data = file.read()
            except OSError:
                continue
            fields = data[data.rfind(b")") + 2 :].split()
            pid = int(entry)
            ppid[pid] = int(fields[1])
            ticks[pid] = int(fields[11]) + int(fields[12])
            threads[pid] = int(fields[17])
        return cls(ppid, ticks, threads)

    def tree(self, root: int) -> list[int]:
        """root and all its descendants."""
        children: dict[int, list[int]] = {}
        for pid, parent in self.ppid.items():
            children.setdefault(parent, []).append(pid)
        found, stack = [], [root]
        while stack:
            pid = stack.pop()
            if pid in self.ppid:
                found.append(pid)
                stack.extend(children.get(pid, ()))
        return found


def peak_rss_mib(pids: Sequence[int]) -> float:
    """Sum of VmHWM (peak resident set) of the given processes, in MiB."""
    total_kib = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as file:
                for line in file:
                    if line.startswith("VmHWM:"):
                        total_kib += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kib / 1024


# -- a monitor in a tmux pane --------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    """How to run one monitor at a 1 s refresh."""

    name: str
    argv: tuple[str, ...]
    config: dict[str, str] = field(default_factory=dict)
    """Files to write under XDG_CONFIG_HOME before starting (relative path → text)."""


def ptop_command() -> str:
    """The installed ptop next to this interpreter, else the one on PATH."""
    beside = Path(sys.executable).with_name("ptop")
    if beside.exists():
        return str(beside)
    found = shutil.which("ptop")
    if found is None:
        raise SystemExit("benchmarks: no installed `ptop` found (pip install -e . first)")
    return found


def compile_bytecode() -> None:
    """Write ptop's bytecode, as `pip install` does, so starts are timed the way users see them.

    An editable install run under PYTHONDONTWRITEBYTECODE (set on some CI machines)
    would otherwise compile every module from source on every start.
    """
    import importlib.util

    spec = importlib.util.find_spec("ptop")
    for location in (spec.submodule_search_locations or []) if spec else []:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", location],
            check=False,
            stdout=subprocess.DEVNULL,
        )


def known_tools(ptop: str) -> dict[str, Tool]:
    """Every monitor the benchmark knows how to run at a 1 s refresh."""
    return {
        "ptop": Tool("ptop", (ptop, "--interval", "1")),
        "htop": Tool("htop", ("htop", "--delay=10")),
        # btop 1.2 has no --update flag; its default is 2000 ms, so give it a config.
        "btop": Tool("btop", ("btop", "--utf-force"), {"btop/btop.conf": "update_ms = 1000\n"}),
        "glances": Tool("glances", ("glances", "--time", "1")),
        "top": Tool("top", ("top", "-d", "1")),
    }


@dataclass
class MonitorResult:
    """What one monitor cost over the window."""

    tool: str
    cpu_percent: float | None = None
    """CPU seconds per wall second of its process tree, x 100 (100 = one core)."""
    rss_peak_mib: float | None = None
    first_frame_ms: float | None = None
    first_frame_cpu_ms: float | None = None
    """CPU time the monitor had used when its first frame was seen (10 ms resolution):
    steadier than the wall time on a busy machine."""
    frames_per_s: float | None = None
    max_frame_gap_s: float | None = None
    window_s: float | None = None
    processes: int | None = None
    """Processes on the machine at the start of the window."""
    threads: int | None = None
    error: str | None = None


def monitor_env() -> dict[str, str]:
    """The environment monitors run in: ours, minus what would make them unlike a user's.

    PYTHONDONTWRITEBYTECODE (set in some CI and sandbox shells) would make every start of
    a Python monitor compile its modules again; users have the bytecode cache.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"TMUX", "PYTHONDONTWRITEBYTECODE"}}
    env.setdefault("LANG", "C.UTF-8")
    return env


class TmuxPane:
    """One detached tmux server (own socket) with one pane of a fixed size."""

    def __init__(self, config_home: Path, size: tuple[int, int] = TERMINAL) -> None:
        self.socket = f"ptop-bench-{os.getpid()}-{time.monotonic_ns()}"
        self.size = size
        self._conf = config_home / "tmux.conf"
        self._conf.write_text(
            'set -g status off\nset -g default-terminal "tmux-256color"\nset -g history-limit 0\n'
        )
        env = monitor_env()
        env.update(XDG_CONFIG_HOME=str(config_home), COLORTERM="truecolor")
        self._env = env

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run one tmux command against this server; return its stdout."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self._conf), *args],
            capture_output=True,
            text=True,
            env=self._env,
            check=False,
            timeout=30,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def open(self) -> None:
        """Start the server with an idle placeholder in the pane."""
        width, height = self.size
        self.tmux(
            "new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height),
            "exec sleep 3600",
        )  # fmt: skip
        self._socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()

    def spawn(self, argv: Sequence[str]) -> None:
        """Replace the placeholder with argv."""
        self.tmux("respawn-pane", "-k", "-t", "bench", "exec " + shlex.join(argv))

    def pane_pid(self) -> int:
        """The pid of the process running in the pane."""
        return int(self.tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())

    def capture(self) -> str:
        """The visible text of the pane."""
        return self.tmux("capture-pane", "-p", "-t", "bench", check=False)

    def close(self) -> None:
        """End the server and whatever still runs in it, and remove its socket file."""
        self.tmux("kill-server", check=False)
        path = getattr(self, "_socket_path", "")
        if path and Path(path).name == self.socket:
            with contextlib.suppress(OSError):
                Path(path).unlink()


def measure_tool(
    tool: Tool, seconds: float, warmup: float, starts: int = FIRST_FRAME_STARTS
) -> MonitorResult:
    """Run one monitor in a fresh tmux pane and measure it (after one unmeasured start).

    The unmeasured start warms the page cache and, for Python monitors, the bytecode
    cache, so the first frame is timed the way a user sees it on a second start. The
    first frame is the median of ``starts`` starts: one start varies by ±150 ms on a
    shared machine (page cache, neighbours); the CPU over a 20 s window does not.
    """
    result = MonitorResult(tool.name)
    frames: list[tuple[float, float | None]] = []
    with tempfile.TemporaryDirectory(prefix="ptop-bench-") as tmp:
        config_home = Path(tmp)
        for relative, text in tool.config.items():
            path = config_home / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        for start in range(max(1, starts) + 1):
            measured = start > 0
            last = start == max(1, starts)
            pane = TmuxPane(config_home)
            pid: int | None = None
            ticks: int | None = None
            try:
                pane.open()
                started = time.perf_counter()
                pane.spawn(tool.argv)
                pid = pane.pane_pid()
                ticks = start_ticks(pid)
                while not HEADER.search(pane.capture()):
                    if time.perf_counter() - started > FIRST_FRAME_TIMEOUT_S:
                        result.error = (
                            f"no process table on screen after {FIRST_FRAME_TIMEOUT_S:g} s"
                        )
                        return result
                    if start_ticks(pid) != ticks:
                        result.error = "exited before its first frame"
                        return result
                    time.sleep(FIRST_FRAME_POLL_S)
                if measured:
                    frames.append(((time.perf_counter() - started) * 1000, _cpu_ms(pid)))
                if last:
                    result.first_frame_ms = statistics.median(ms for ms, _ in frames)
                    cpu = [ms for _, ms in frames if ms is not None]
                    result.first_frame_cpu_ms = statistics.median(cpu) if cpu else None
                    time.sleep(warmup)
                    _measure_window(pane, pid, seconds, result)
            except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as error:
                result.error = str(error)
                return result
            finally:
                _quit(pane, pid, ticks)
    return result


def _cpu_ms(pid: int) -> float | None:
    table = ProcTable.read()
    tree = table.tree(pid)
    return sum(table.cpu_ticks[p] for p in tree) / CLOCK_TICKS * 1000 if tree else None


def _measure_window(pane: TmuxPane, pid: int, seconds: float, result: MonitorResult) -> None:
    before = ProcTable.read()
    tree = before.tree(pid)
    result.processes = len(before.ppid)
    result.threads = sum(before.threads.values())
    start = time.perf_counter()
    changes: list[float] = []
    last = pane.capture()
    while (now := time.perf_counter()) - start < seconds:
        time.sleep(min(FRAME_POLL_S, max(0.0, seconds - (now - start))))
        screen = pane.capture()
        if screen != last:
            changes.append(time.perf_counter() - start)
            last = screen
    after = ProcTable.read()
    wall = time.perf_counter() - start
    tree_after = after.tree(pid)
    used = sum(after.cpu_ticks[p] - before.cpu_ticks.get(p, 0) for p in tree_after)
    result.cpu_percent = used / CLOCK_TICKS / wall * 100
    result.rss_peak_mib = peak_rss_mib(tree_after or tree)
    result.window_s = wall
    result.frames_per_s = len(changes) / wall
    marks = [0.0, *changes, wall]
    result.max_frame_gap_s = max(b - a for a, b in itertools.pairwise(marks))


def _quit(pane: TmuxPane, pid: int | None, ticks: int | None) -> None:
    """Ask the monitor to quit (q), end the tmux server, and make sure the monitor is gone."""
    with contextlib.suppress(RuntimeError, OSError, subprocess.SubprocessError):
        if pid is not None and ticks is not None and start_ticks(pid) == ticks:
            pane.tmux("send-keys", "-t", "bench", "q", check=False)
            deadline = time.monotonic() + 3.0
            while start_ticks(pid) == ticks and time.monotonic() < deadline:
                time.sleep(0.05)
        pane.close()
    if pid is not None and ticks is not None:
        deadline = time.monotonic() + 3.0
        while start_ticks(pid) == ticks and time.monotonic() < deadline:
            time.sleep(0.05)
        if start_ticks(pid) == ticks:  # still the process we started: make sure
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# -- ptop --once --json ----------------------------------------------------------------------


def measure_once(ptop: str, runs: int = ONCE_RUNS) -> dict[str, Any]:
    """Wall time of `ptop --once --json` (median and best of several runs; one warm-up)."""
    times = []
    processes = None
    for index in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(
            [ptop, "--once", "--json"],
            capture_output=True,
            check=True,
            timeout=60,
            env=monitor_env(),
        )
        elapsed = (time.perf_counter() - start) * 1000
        if index == 0:
            processes = len(json.loads(done.stdout)["processes"])
        else:
            times.append(elapsed)
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "runs": runs,
        "processes": processes,
    }


# -- the whole run -------------------------------------------------------------------------


def run_micro(thread_pid: int | None, ticks: int, ui_sizes: str) -> list[dict[str, Any]]:
    """Run benchmarks.micro in a fresh interpreter; return its JSON results."""
    argv = [sys.executable, "-m", "benchmarks.micro", "--json", f"--ticks={ticks}"]
    argv.append(f"--ui-sizes={ui_sizes}")
    if thread_pid is not None:
        argv.append(f"--thread-pid={thread_pid}")
    done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, check=True, timeout=900)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _median_result(tool: str, runs: list[MonitorResult]) -> MonitorResult:
    good = [r for r in runs if r.error is None]
    if not good:
        return runs[-1]
    merged = MonitorResult(tool)
    for name in (
        "cpu_percent",
        "rss_peak_mib",
        "first_frame_ms",
        "first_frame_cpu_ms",
        "frames_per_s",
        "max_frame_gap_s",
        "window_s",
        "processes",
        "threads",
    ):
        values = [getattr(r, name) for r in good if getattr(r, name) is not None]
        if values:
            value = statistics.median(values)
            setattr(merged, name, round(value) if name in {"processes", "threads"} else value)
    return merged


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in data.items()}


@dataclass
class Options:
    """Parsed command line."""

    profile: str = "default"
    seconds: float | None = None
    warmup: float | None = None
    processes: int | None = None
    threads: int | None = None
    spinners: int = 0
    gil: bool = False
    compare: tuple[str, ...] = ("htop", "btop", "glances")
    variants: tuple[tuple[str, str], ...] = ()
    """Other ptop builds to run the same way: (label, command)."""
    repeat: int = 1
    starts: int = FIRST_FRAME_STARTS
    """Starts per monitor whose first frames give the median."""
    micro: bool = True
    micro_ticks: int = 20
    ui_sizes: str = "500,2000"
    json_only: bool = False
    ptop: str | None = None


def run(options: Options) -> list[dict[str, Any]]:
    """Run the benchmark; return every result (also printed)."""
    profile = PROFILES[options.profile]
    seconds = options.seconds if options.seconds is not None else profile.seconds
    warmup = options.warmup if options.warmup is not None else profile.warmup
    spec = LoadSpec(
        processes=options.processes if options.processes is not None else profile.processes,
        threads=options.threads if options.threads is not None else profile.threads,
        spinners=options.spinners,
        gil_threads=(os.cpu_count() or 1) if options.gil else 0,
    )
    ptop = options.ptop or ptop_command()
    compile_bytecode()
    tools = known_tools(ptop)
    wanted = ["ptop"]
    skipped = []
    for label, command in options.variants:
        if label in tools:
            raise SystemExit(f"benchmarks: variant label {label!r} is taken")
        tools[label] = Tool(label, (command, "--interval", "1"))
        wanted.append(label)
    for name in options.compare:
        if name not in tools:
            raise SystemExit(f"benchmarks: unknown monitor {name!r} (known: {', '.join(tools)})")
        (wanted if shutil.which(tools[name].argv[0]) else skipped).append(name)
    if shutil.which("tmux") is None:
        raise SystemExit("benchmarks: tmux is needed to run the monitors in a real terminal")

    common = {
        "profile": options.profile,
        "load_processes": spec.processes,
        "load_threads": spec.threads,
        "spinners": spec.spinners,
        "gil_threads": spec.gil_threads,
        "terminal": f"{TERMINAL[0]}x{TERMINAL[1]}",
        "interval_s": 1.0,
        "cores": os.cpu_count(),
    }
    results: list[dict[str, Any]] = []
    _say(options, f"starting load: {spec.processes} processes, {spec.threads} threads, "
         f"{spec.spinners} spinners, {spec.gil_threads} gil threads")  # fmt: skip
    with Load(spec) as load:
        time.sleep(1.0)
        runs: dict[str, list[MonitorResult]] = {name: [] for name in wanted}
        for round_index in range(options.repeat):
            for name in wanted:
                _say(options, f"[{round_index + 1}/{options.repeat}] {name}: "
                     f"{warmup:g} s warm-up, {seconds:g} s window")  # fmt: skip
                runs[name].append(measure_tool(tools[name], seconds, warmup, options.starts))
        monitors = {name: _median_result(name, rs) for name, rs in runs.items()}
        _say(options, "ptop --once --json")
        onces = {"ptop": measure_once(ptop)}
        for label, command in options.variants:
            onces[label] = measure_once(command)
        once = onces["ptop"]
        micro: list[dict[str, Any]] = []
        if options.micro:
            _say(options, "microbenchmarks")
            holders = load.pids_of("threads")
            holder = holders[0] if holders else None
            micro = run_micro(holder, options.micro_ticks, options.ui_sizes)
    _say(options, "load removed")
    results.append(
        {
            "bench": "load",
            **common,
            "leader_pid": load.leader_pid,
            "processes_started": len(load.members),
            "left": len(load.survivors()),
        }
    )

    for name, result in monitors.items():
        data = {"bench": "monitor", **common, **asdict(result), "repeat": options.repeat}
        if name == "ptop":
            data["budget"] = _budget(profile, result, once)
        results.append(_rounded(data))
    ptop_result = monitors["ptop"]
    for name, result in monitors.items():
        if name == "ptop":
            continue
        ratios = _ratios(ptop_result, result)
        results.append(_rounded({"bench": "ratio", **common, "tool": name, **ratios}))
    for label, timing in onces.items():
        once_data = {"bench": "once_json", **common, "tool": label, **timing}
        once_data["within_budget"] = timing["median_ms"] <= ONCE_BUDGET_MS
        results.append(once_data)
    results += [{**item, **common} for item in micro]
    for name in skipped:
        results.append({"bench": "skipped", **common, "tool": name, "reason": "not installed"})
    return results


def _ratios(ptop: MonitorResult, other: MonitorResult) -> dict[str, float | None]:
    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or not b else a / b

    return {
        "cpu_ratio": ratio(ptop.cpu_percent, other.cpu_percent),
        "rss_ratio": ratio(ptop.rss_peak_mib, other.rss_peak_mib),
        "first_frame_ratio": ratio(ptop.first_frame_ms, other.first_frame_ms),
        "ptop_cpu_percent": ptop.cpu_percent,
        "other_cpu_percent": other.cpu_percent,
    }


def _budget(profile: Profile, result: MonitorResult, once: dict[str, Any]) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    if profile.cpu_budget_percent is not None and result.cpu_percent is not None:
        checks["cpu"] = result.cpu_percent <= profile.cpu_budget_percent
        checks["cpu_limit_percent"] = profile.cpu_budget_percent
    if result.rss_peak_mib is not None:
        checks["rss"] = result.rss_peak_mib <= RSS_BUDGET_MIB
    if result.first_frame_ms is not None:
        checks["first_frame"] = result.first_frame_ms <= FIRST_FRAME_BUDGET_MS
    if result.max_frame_gap_s is not None:
        checks["refresh_every_second"] = result.max_frame_gap_s <= 1.5
    checks["once_json"] = once["median_ms"] <= ONCE_BUDGET_MS
    return checks


def _say(options: Options, text: str) -> None:
    if not options.json_only:
        print(f"# {text}", file=sys.stderr, flush=True)


def format_table(results: Sequence[dict[str, Any]]) -> str:
    """The human-readable report."""

    def num(value: Any, spec: str) -> str:
        return "-" if value is None else format(value, spec)

    lines = []
    monitors = [r for r in results if r["bench"] == "monitor"]
    ratios = {r["tool"]: r for r in results if r["bench"] == "ratio"}
    if monitors:
        first = monitors[0]
        lines.append(
            f"profile {first.get('profile')}: load {first.get('load_processes')} processes, "
            f"{first.get('load_threads')} threads, {first.get('spinners')} spinners, "
            f"{first.get('gil_threads')} gil threads; machine {first.get('processes')} "
            f"processes, {first.get('threads')} threads; {first.get('cores')} cores; "
            f"{first.get('terminal')}, 1 s refresh"
        )
        lines.append(
            f"{'monitor':<8} {'CPU %':>7} {'RSS MiB':>8} {'1st frame':>10} {'(its CPU)':>9} "
            f"{'frames/s':>9} {'max gap':>8} {'ptop/this CPU':>14}  note"
        )
        for r in monitors:
            ratio = ratios.get(r["tool"], {}).get("cpu_ratio")
            lines.append(
                f"{r['tool']:<8} {num(r['cpu_percent'], '7.2f')} {num(r['rss_peak_mib'], '8.1f')} "
                f"{num(r['first_frame_ms'], '8.0f')}ms "
                f"{num(r.get('first_frame_cpu_ms'), '7.0f')}ms "
                f"{num(r['frames_per_s'], '9.2f')} {num(r['max_frame_gap_s'], '7.2f')}s "
                f"{num(ratio, '14.2f')}  {r.get('error') or ''}"
            )
        budget = monitors[0].get("budget", {})
        if budget:
            verdict = ", ".join(
                f"{k} {'ok' if v else 'OVER'}" for k, v in budget.items() if isinstance(v, bool)
            )
            lines.append(f"ptop budget: {verdict}")
    for r in results:
        if r["bench"] == "once_json":
            lines.append(
                f"{r['tool']} --once --json: median {r['median_ms']:.0f} ms, "
                f"best {r['min_ms']:.0f} ms "
                f"({r['processes']} processes)"
            )
        elif r["bench"] == "load":
            lines.append(
                f"load: {r['processes_started']} processes started and removed, {r['left']} left"
            )
        elif r["bench"] == "skipped":
            lines.append(f"{r['tool']}: skipped ({r['reason']})")
    micro = [r for r in results if r["bench"] == "micro"]
    if micro:
        lines.append(f"{'microbenchmark':<34} {'value':>10}  unit  details")
        for r in micro:
            detail_keys = ("processes", "threads", "tick_ms", "thread_view_ms", "wall_ms")
            details = ", ".join(f"{k}={r[k]}" for k in detail_keys if k in r)
            lines.append(f"{r['name']:<34} {r['value']:>10.3f}  {r['unit']:<4}  {details}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> Options:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--profile", choices=sorted(PROFILES), default="default")
    parser.add_argument("--seconds", type=float, help="measuring window per monitor")
    parser.add_argument(
        "--warmup", type=float, help="seconds after the first frame before measuring"
    )
    parser.add_argument("--processes", type=int, help="override the profile's idle processes")
    parser.add_argument("--threads", type=int, help="override the profile's idle threads")
    parser.add_argument(
        "--spinners", type=int, default=0, help="busy processes (about a core each)"
    )
    parser.add_argument(
        "--gil", action="store_true", help="add one process with a spinning thread per core"
    )
    parser.add_argument(
        "--compare",
        default="htop,btop,glances",
        help="other monitors to run when installed, comma-separated ('' for none; also: top)",
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="LABEL=COMMAND",
        help="also run another ptop build the same way (e.g. before=/path/to/ptop); repeatable",
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds of all monitors (median)")
    parser.add_argument(
        "--starts",
        type=int,
        default=FIRST_FRAME_STARTS,
        help=f"starts per monitor for the first frame (median; default {FIRST_FRAME_STARTS})",
    )
    parser.add_argument("--no-micro", action="store_true", help="skip the microbenchmarks")
    parser.add_argument("--micro-ticks", type=int, default=20)
    parser.add_argument("--ui-sizes", default="500,2000", help="process counts for the UI micro")
    parser.add_argument("--ptop", help="ptop command to benchmark (default: the installed one)")
    parser.add_argument("--json", action="store_true", help="print only the JSON lines")
    args = parser.parse_args(argv)
    return Options(
        profile=args.profile,
        seconds=args.seconds,
        warmup=args.warmup,
        processes=args.processes,
        threads=args.threads,
        spinners=args.spinners,
        gil=args.gil,
        compare=tuple(name.strip() for name in args.compare.split(",") if name.strip()),
        variants=tuple(_variant(text, parser) for text in args.variant),
        repeat=max(1, args.repeat),
        starts=max(1, args.starts),
        micro=not args.no_micro,
        micro_ticks=args.micro_ticks,
        ui_sizes=args.ui_sizes,
        json_only=args.json,
        ptop=args.ptop,
    )


def _variant(text: str, parser: argparse.ArgumentParser) -> tuple[str, str]:
    label, sep, command = text.partition("=")
    if not sep or not label or not command:
        parser.error(f"--variant wants LABEL=COMMAND, got {text!r}")
    return label, command


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt, so every finally (load, tmux) runs."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    old = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line."""
    options = parse_args(argv)
    try:
        with _signals_raise():
            results = run(options)
    except KeyboardInterrupt:
        print("benchmarks: interrupted; the load was removed", file=sys.stderr)
        return 130
    if not options.json_only:
        print(format_table(results))
    for item in results:
        print(json.dumps(item))
    return 0


if __name__ == "__main__":
    sys.exit(main())
