"""Microbenchmarks: the sampler per process and per thread, and the UI's cost per tick.

    python -m benchmarks.micro [--json] [--ticks 20] [--thread-pid PID] [--ui-sizes 500,2000]

- sampler: median CPU time of the system sampler's sample() on this machine, divided by the number
  of processes (µs per process per tick), plus the first tick (which reads every static field).
- threads: median extra CPU time of sample(detail_pids=[pid]) (every tick, as the UI does)
  over sample() for the process with the most threads (or --thread-pid), divided by its
  thread count (µs per thread).
- ui: ptop's real MainScreen, headless at 160x50, fed fixed synthetic snapshots of N
  processes; CPU time (process_time) of "show the snapshot, let Textual render" per tick,
  median of the ticks after a warm-up. "same" re-shows an identical snapshot each tick;
  "churn" changes a quarter of the rows (CPU, memory, time) and replaces 1 % of the
  processes from one tick to the next.

Each result is one JSON line: {"bench": "micro", "name": ..., "value": ..., "unit": ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ptop.model.snapshot import CpuSample, MemorySample, ProcessSample, Snapshot, ThreadSample

UI_SIZE = (160, 50)
UI_WARMUP_TICKS = 3


def result(name: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
    """One microbenchmark result, as printed on a JSON line."""
    return {"bench": "micro", "name": name, "value": round(value, 3), "unit": unit, **extra}


# -- sampler -------------------------------------------------------------------------------


def _timed(call: Callable[[], Snapshot], ticks: int) -> tuple[float, float, Snapshot]:
    """Median (cpu_s, wall_s) of calling call() ticks times, and the last result."""
    walls, cpus = [], []
    snapshot = call()
    for _ in range(ticks):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        snapshot = call()
        walls.append(time.perf_counter() - wall0)
        cpus.append(time.process_time() - cpu0)
    return statistics.median(cpus), statistics.median(walls), snapshot


def bench_sampler(ticks: int, thread_pid: int | None) -> list[dict[str, Any]]:
    """Time the system sampler's sample() per process and per thread on the live machine.

    Values are CPU time (time.process_time) of this single-threaded process, which a busy
    shared machine inflates much less than wall time; wall times are in the details.
    """
    from ptop.sampling.sampler import system_sampler

    sampler = system_sampler()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    first = sampler.sample()
    first_cpu, first_wall = time.process_time() - cpu0, time.perf_counter() - wall0
    cpu_s, wall_s, snapshot = _timed(sampler.sample, ticks)
    processes = len(snapshot.processes)
    out = [
        result(
            "sampler_us_per_process",
            cpu_s / processes * 1e6,
            "us",
            processes=processes,
            tick_ms=round(cpu_s * 1000, 3),
            wall_us_per_process=round(wall_s / processes * 1e6, 3),
        ),
        result(
            "sampler_first_tick_ms",
            first_cpu * 1000,
            "ms",
            processes=len(first.processes),
            wall_ms=round(first_wall * 1000, 3),
        ),
    ]

    if thread_pid is None:
        busiest = max(snapshot.processes, key=lambda p: p.num_threads or 0)
        thread_pid = busiest.pid
    detail_cpu_s, detail_wall_s, snapshot = _timed(lambda: sampler.sample([thread_pid]), ticks)
    plain_cpu_s, plain_wall_s, _ = _timed(sampler.sample, ticks)
    threads = len(snapshot.threads_for(thread_pid) or ())
    if threads:
        extra_s = max(0.0, detail_cpu_s - plain_cpu_s)
        out.append(
            result(
                "sampler_us_per_thread",
                extra_s / threads * 1e6,
                "us",
                threads=threads,
                thread_view_ms=round(extra_s * 1000, 3),
                wall_us_per_thread=round(max(0.0, detail_wall_s - plain_wall_s) / threads * 1e6, 3),
            )
        )
    return out


# -- UI ------------------------------------------------------------------------------------

_PROGRAMS = (
    ("python3", ("python3", "-m", "http.server", "8000")),
    ("bash", ("-bash",)),
    ("sleep", ("/bin/sleep", "1000")),
    ("postgres", ("postgres:", "checkpointer")),
    ("node", ("node", "/srv/app/node_modules/.bin/vite", "--port", "5173")),
    ("java", ("java", "-Xmx2g", "-jar", "/opt/tools/build-server.jar", "--daemon")),
    ("kworker/0:1", ()),
    ("sshd", ("sshd:", "student@pts/0")),
)


def synthetic_processes(count: int, seed: int = 1) -> list[ProcessSample]:
    """A plausible process table: a tree, a few busy processes, long and short command lines."""
    rng = random.Random(seed)
    processes = []
    for pid in range(1, count + 1):
        name, cmdline = _PROGRAMS[rng.randrange(len(_PROGRAMS))]
        busy = rng.random() < 0.1
        processes.append(
            ProcessSample(
                pid=pid,
                ppid=0 if pid == 1 else rng.randrange(1, pid),
                create_time=1_700_000_000.0 + pid,
                name=name[:15],
                cmdline=cmdline,
                username=rng.choice(("root", "student", "postgres")),
                status="R" if busy and rng.random() < 0.3 else "S",
                nice=0,
                num_threads=rng.choice((1, 1, 1, 2, 4, 17)),
                cpu_percent=rng.uniform(0.1, 90.0) if busy else 0.0,
                memory_percent=rng.uniform(0.0, 2.0),
                rss_bytes=rng.randrange(1 << 20, 1 << 29),
                cpu_time_s=rng.uniform(0.0, 5000.0),
            )
        )
    return processes


def churn(processes: list[ProcessSample], tick: int, seed: int = 2) -> list[ProcessSample]:
    """The next tick: a quarter of the rows change CPU, memory and time; 1 % are replaced."""
    rng = random.Random(seed * 100_003 + tick)
    out = []
    next_pid = len(processes) + 1 + tick * 1000
    for proc in processes:
        roll = rng.random()
        if roll < 0.01:
            proc = replace(proc, pid=next_pid, create_time=proc.create_time + tick)
            next_pid += 1
        elif roll < 0.26:
            assert proc.cpu_time_s is not None
            proc = replace(
                proc,
                cpu_percent=rng.uniform(0.0, 60.0),
                memory_percent=rng.uniform(0.0, 2.0),
                cpu_time_s=proc.cpu_time_s + rng.uniform(0.01, 0.6),
            )
        out.append(proc)
    return out


def synthetic_snapshot(processes: Sequence[ProcessSample], tick: int) -> Snapshot:
    """A snapshot around the given processes, with a few threads for each of the first pids."""
    threads = tuple(
        ThreadSample(
            tid=1000 + i,
            name=f"worker-{i}",
            status="S",
            cpu_percent=float(i),
            user_time_s=1.0 + tick,
            system_time_s=0.5,
            last_cpu=i % 2,
            voluntary_ctx_switches=10 * i + tick,
            involuntary_ctx_switches=i,
        )
        for i in range(12)
    )
    return Snapshot(
        taken_at_monotonic=1000.0 + tick,
        interval_s=1.0,
        processes=tuple(processes),
        cpu=CpuSample((12.5 + tick % 7, 40.0 - tick % 5), 26.0, (0.5, 0.4, 0.3)),
        memory=MemorySample(8 << 30, 3 << 30, 5 << 30, 1 << 30, 0),
        uptime_s=3600.0 + tick,
        self_pid=1,
        threads={proc.pid: threads for proc in processes},
    )


class _NoRunner:
    """The UI benchmark never starts a scenario."""

    def start(self, *args: object, **kwargs: object) -> object:
        raise RuntimeError("no scenarios in the UI benchmark")

    def stop(self, timeout_s: float = 5.0) -> int | None:
        return None

    def close(self) -> None:
        pass


async def _ui_ticks(snapshots: Sequence[Snapshot], ticks: int) -> tuple[float, float]:
    """Return the median (cpu_ms, wall_ms) of showing each snapshot and rendering it."""
    from ptop.app import PtopApp
    from ptop.sampling.replay import ReplaySampler

    app = PtopApp(
        sampler=ReplaySampler([snapshots[0]]),
        live=False,
        catalog=[],
        runner=_NoRunner(),  # type: ignore[arg-type]
    )
    cpus, walls = [], []
    async with app.run_test(size=UI_SIZE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        for tick in range(UI_WARMUP_TICKS + ticks):
            snapshot = snapshots[tick % len(snapshots)]
            cpu0, wall0 = time.process_time(), time.perf_counter()
            screen.show_snapshot(snapshot)
            await pilot.pause()
            if tick >= UI_WARMUP_TICKS:
                cpus.append(time.process_time() - cpu0)
                walls.append(time.perf_counter() - wall0)
    return statistics.median(cpus) * 1000, statistics.median(walls) * 1000


def bench_ui(sizes: Sequence[int], ticks: int) -> list[dict[str, Any]]:
    """UI cost per tick for fixed synthetic snapshots of each size."""
    out = []
    for size in sizes:
        base = synthetic_processes(size)
        same = [synthetic_snapshot(base, 0)]
        changing, current = [], base
        for tick in range(UI_WARMUP_TICKS + ticks):
            current = churn(current, tick)
            changing.append(synthetic_snapshot(current, tick))
        for label, snapshots in (("same", same), ("churn", changing)):
            cpu_ms, wall_ms = asyncio.run(_ui_ticks(snapshots, ticks))
            out.append(
                result(
                    f"ui_tick_cpu_ms_{size}_{label}",
                    cpu_ms,
                    "ms",
                    processes=size,
                    changes=label,
                    wall_ms=round(wall_ms, 3),
                    terminal=f"{UI_SIZE[0]}x{UI_SIZE[1]}",
                )
            )
    return out


# -- command line --------------------------------------------------------------------------


def run(
    *,
    ticks: int = 20,
    thread_pid: int | None = None,
    ui_sizes: Sequence[int] = (500, 2000),
    sampler: bool = True,
) -> list[dict[str, Any]]:
    """Run the microbenchmarks and return their results."""
    results: list[dict[str, Any]] = []
    if sampler:
        results += bench_sampler(ticks, thread_pid)
    if ui_sizes:
        results += bench_ui(ui_sizes, ticks)
    return results


def format_table(results: Sequence[dict[str, Any]]) -> str:
    """A human-readable table of micro results."""
    lines = [f"{'microbenchmark':<34} {'value':>10}  unit  details"]
    for item in results:
        details = ", ".join(
            f"{k}={v}" for k, v in item.items() if k not in {"bench", "name", "value", "unit"}
        )
        lines.append(f"{item['name']:<34} {item['value']:>10.3f}  {item['unit']:<4}  {details}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the microbenchmarks from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ticks", type=int, default=20, help="measured ticks per benchmark")
    parser.add_argument("--thread-pid", type=int, help="process whose threads are timed")
    parser.add_argument(
        "--ui-sizes",
        default="500,2000",
        help="process counts for the UI benchmark, comma-separated ('' skips it)",
    )
    parser.add_argument("--no-sampler", action="store_true", help="skip the sampler benchmarks")
    parser.add_argument("--json", action="store_true", help="print only the JSON lines")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.ui_sizes.split(",") if s.strip()]
    results = run(
        ticks=args.ticks,
        thread_pid=args.thread_pid,
        ui_sizes=sizes,
        sampler=not args.no_sampler,
    )
    if not args.json:
        print(format_table(results))
    for item in results:
        print(json.dumps(item))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
