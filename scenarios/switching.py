#!/usr/bin/env python3
"""Switching: the same work split over more and more threads, then processes

Order: 10
Teaches:
    Splitting a fixed amount of CPU work into more pieces does not make it faster once every
    core is busy; each extra thread or process costs something to start, memory to keep, and
    context switches (the operating system saving one task's state and loading another's).
    This scenario runs the same pure-Python loop, split over 1, 2, 8, 64 and 512 threads and
    then over as many processes, and prints for each step the wall time, the CPU time, and the
    voluntary and involuntary context switches (from getrusage; for processes, from
    RUSAGE_CHILDREN once they are joined). Workers wait at a start gate, so the time to start
    them is shown separately from the time to do the work.

    What to expect on a small machine, measured rather than promised. Threads stay at about
    one core because of the GIL, whatever their number; more threads add GIL hand-offs
    (voluntary switches) and make the whole a little slower, not dramatically. Processes
    finish faster as soon as there are two (two cores), and lose that gain again when most of
    the time goes into starting hundreds of them. The classic tutorial's picture of a system
    that "does nothing but switch" needs far more tasks, or memory pressure, than this: the
    real costs here are start-up time and memory. The total work is scaled to fit --seconds,
    so the numbers are about ratios between steps, not about this machine's speed.
Watch in ptop:
    During the thread steps: one process whose thread count jumps to 2, 9, 65, 513 and back,
    at about 100 % CPU (one core) whatever the count. During the process steps: the tree
    fills with up to 512 children (mostly asleep at the start gate, then briefly running),
    all cores busy, and the process count in the header climbs and falls. The memory column
    shows that each idle child costs little resident memory of its own.
Run:
    python scenarios/switching.py [--seconds 20] [--counts 1,2,8,64,512]
Sample output:
    [pid 20930 tid 20930] Python 3.11.7 on linux; pid 20930; 2 cores
    [pid 20930 tid 20930] this machine runs 21 M loop steps/s; every step below does the same 30.9 M
      steps (about 1.49 s on one core)
    [pid 20930 tid 20930] start method for the process steps: fork
    [pid 20930 tid 20930] vcsw/ivcsw: voluntary/involuntary context switches (waiting vs. preempted)
    [pid 20930 tid 20930] [lesson] phase name=threads steps=30879686
    [pid 20930 tid 20930] threads   n=1   start  0.00 s  work  1.35 s  cpu  1.33 s  vcsw      5
      ivcsw    18
    [pid 20930 tid 20930] [lesson] step kind=threads n=1 startup_s=0.001 elapsed_s=1.355 cpu_s=1.334
      vcsw=5 ivcsw=18
    [pid 20930 tid 20930] threads   n=2   start  0.00 s  work  1.41 s  cpu  1.38 s  vcsw    702
      ivcsw    62
    [pid 20930 tid 20930] threads   n=8   start  0.00 s  work  1.38 s  cpu  1.37 s  vcsw   2062
      ivcsw   555
    [pid 20930 tid 20930] threads   n=64  start  0.01 s  work  1.62 s  cpu  1.71 s  vcsw  14515
      ivcsw  1968
    [pid 20930 tid 20930] threads   n=512 start  0.18 s  work  1.87 s  cpu  2.22 s  vcsw  36474
      ivcsw  3095
    ...
    [pid 20930 tid 20930] [lesson] phase-end name=threads elapsed_s=7.849
    [pid 20930 tid 20930] [lesson] phase name=processes steps=30879686
    [pid 20930 tid 20930] processes n=1   start  0.00 s  work  1.45 s  cpu  1.42 s  vcsw      1
      ivcsw    13
    [pid 20930 tid 20930] processes n=2   start  0.01 s  work  0.88 s  cpu  1.41 s  vcsw      4
      ivcsw   179
    [pid 20930 tid 20930] processes n=8   start  0.03 s  work  0.72 s  cpu  1.38 s  vcsw     21
      ivcsw   372
    [pid 20930 tid 20930] processes n=64  start  0.13 s  work  0.81 s  cpu  1.65 s  vcsw    191
      ivcsw   426
    [pid 20930 tid 20930] processes n=512 start  2.01 s  work  1.56 s  cpu  3.57 s  vcsw   1648
      ivcsw   808
    ...
    [pid 20930 tid 20930] [lesson] phase-end name=processes elapsed_s=7.624
    [pid 20930 tid 20930] result: the same job took 1.35, 1.41, 1.38, 1.62, 1.87 s with 1/2/8/64/512
      threads and 1.45, 0.88, 0.72, 0.81, 1.56 s with 1/2/8/64/512 processes (fastest: 8 processes)
Title (zh):
    切换：同样的工作拆给越来越多的线程，再拆给进程
Teaches (zh):
    一旦所有的核都忙了，把固定数量的 CPU 工作拆成更多份并不会更快；每多一个线程或进程都要付出启动
    的代价、占用内存，还要做上下文切换（操作系统保存一个任务的状态、加载另一个任务的状态）。本场景
    把同一个纯 Python 循环拆给 1、2、8、64、512 个线程，然后拆给同样数量的进程，对每一步打印墙钟
    时间、CPU 时间，以及自愿和非自愿上下文切换次数（来自 getrusage；进程在 join 之后来自
    RUSAGE_CHILDREN）。工作者先在起跑门前等待，所以启动它们所花的时间与干活的时间分开显示。

    在小机器上能看到什么——是测量出来的，而不是预先保证的。由于 GIL，无论线程有多少，它们都停留在
    大约一个核；线程越多，GIL 交接（自愿切换）越多，整体稍慢一些，但并不夸张。进程一旦有两个
    （两个核）就更快完成，而当大部分时间都花在启动几百个进程上时，这点收益又没了。经典教程里那种
    “系统只顾着切换” 的景象需要多得多的任务或内存压力：这里真正的代价是启动时间和内存。总工作量会
    按 --seconds 缩放，所以这些数字说明的是各步之间的比例，而不是这台机器的速度。
Watch in ptop (zh):
    线程阶段：一个进程，线程数跳到 2、9、65、513 又回落，无论线程多少，CPU 都约为 100 %（一个核）。
    进程阶段：进程树里出现多达 512 个子进程（起初大多在起跑门前睡眠，随后短暂运行），所有核都忙，
    标题栏里的进程数先升后降。内存列显示每个空闲子进程自身占用的常驻内存很少。
"""

import os
import sys

# Python puts this script's folder first on sys.path. Three scenarios in this folder share a name
# with a standard-library module (queue.py, subprocess.py, asyncio.py), so take the folder off the
# path before importing anything else; otherwise `import queue` somewhere inside the standard
# library would load our queue.py instead of the real module.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
# Child interpreters started with `python -c` (spawn, forkserver, the resource tracker) would
# put the current directory first instead; PYTHONSAFEPATH (Python 3.11+) tells them not to.
os.environ["PYTHONSAFEPATH"] = "1"

import argparse
import contextlib
import multiprocessing
import multiprocessing.context
import multiprocessing.synchronize
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType
from typing import NamedTuple

try:
    import resource  # Unix only
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

DEFAULT_START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
CHUNK = 50_000  # loop steps between two looks at the stop flag
PROCESS_START_S = 0.01  # first guess at the cost of starting one child (measured as we go)


class Usage(NamedTuple):
    """CPU seconds and context switches, as getrusage() reports them."""

    cpu_s: float
    vcsw: int
    ivcsw: int


STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}  # the requests that stop a scenario


def say(text: str) -> None:
    """Print one line that starts with this process's PID and this thread's OS thread id."""
    # One write() per line: print() writes the text and the newline separately, and another
    # thread's or process's line could slip in between them.
    sys.stdout.write(f"[pid {os.getpid()} tid {threading.get_native_id()}] {text}\n")
    sys.stdout.flush()


def lesson(event: str, **fields: object) -> None:
    """Print a machine-readable `[lesson]` line: `event key=value ...`, values without spaces."""
    parts = [event]
    for key, value in fields.items():
        if isinstance(value, float):
            value = round(value, 3)
        parts.append(f"{key}={'_'.join(str(value).split()) or '-'}")
    say("[lesson] " + " ".join(parts))


def stop_on_sigterm() -> None:
    """Make SIGTERM (ptop's stop button, `kill PID`) and Ctrl+C start a clean shutdown."""

    def handler(signum: int, frame: FrameType | None) -> None:
        # Only the first request interrupts the program. Later ones are ignored, so that the
        # clean-up (stopping and joining everything it started) cannot be cut short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def quiet_child_signals() -> None:
    """In a child: die at once on SIGTERM and leave Ctrl+C to the parent, which stops us."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # undo stop_signals_held(), inherited from the parent
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


@contextlib.contextmanager
def stop_signals_held() -> Iterator[None]:
    """Hold SIGTERM and Ctrl+C back while a child process is being started.

    A stop request handled half-way through creating a child could leave that child running
    with nobody left to stop it. A held signal is delivered as soon as the block ends, when
    the child is fully started and known.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows has no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def usage(children: bool) -> Usage:
    """Usage of this process (all its threads) or of its joined children so far."""
    if resource is None:
        times = os.times()
        if children:
            return Usage(times.children_user + times.children_system, 0, 0)
        return Usage(times.user + times.system, 0, 0)
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    ru = resource.getrusage(who)
    return Usage(ru.ru_utime + ru.ru_stime, ru.ru_nvcsw, ru.ru_nivcsw)


def spin(steps: int, stop: threading.Event | None = None) -> None:
    """The fixed work: `steps` pure-Python loop steps."""
    x = 0
    while steps > 0 and not (stop is not None and stop.is_set()):
        for _ in range(min(CHUNK, steps)):
            x ^= 1
        steps -= CHUNK


def thread_worker(steps: int, gate: threading.Event, stop: threading.Event) -> None:
    gate.wait()  # start gate: begin the work only when every thread exists
    spin(steps, stop)


def process_worker(steps: int, gate: multiprocessing.synchronize.Event) -> None:
    quiet_child_signals()
    gate.wait()
    spin(steps)


def run_thread_step(n: int, total_steps: int) -> tuple[float, float, Usage]:
    """Split the work over n threads; return (startup_s, work_s, usage delta)."""
    gate, stop = threading.Event(), threading.Event()
    threads = [
        threading.Thread(target=thread_worker, args=(total_steps // n, gate, stop), name=f"W-{i}")
        for i in range(1, n + 1)
    ]
    before = usage(children=False)
    t0 = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
        t1 = time.perf_counter()
        gate.set()
        for thread in threads:
            thread.join()
    finally:
        stop.set()
        gate.set()
        for thread in threads:
            if thread.ident is not None:
                thread.join()
    t2 = time.perf_counter()
    after = usage(children=False)
    delta = Usage(after.cpu_s - before.cpu_s, after.vcsw - before.vcsw, after.ivcsw - before.ivcsw)
    return t1 - t0, t2 - t1, delta


def run_process_step(
    ctx: multiprocessing.context.BaseContext, n: int, total_steps: int
) -> tuple[float, float, Usage]:
    """Split the work over n processes; return (startup_s, work_s, usage delta)."""
    gate = ctx.Event()
    processes = [
        ctx.Process(target=process_worker, args=(total_steps // n, gate), name=f"P-{i}")  # type: ignore[attr-defined]
        for i in range(1, n + 1)
    ]
    before = usage(children=True)
    t0 = time.perf_counter()
    try:
        for process in processes:
            with stop_signals_held():
                process.start()
        t1 = time.perf_counter()
        gate.set()
        for process in processes:
            process.join()
    except BaseException:
        for process in processes:
            if process.pid is not None and process.is_alive():
                process.terminate()
        for process in processes:
            if process.pid is not None:
                process.join()
        raise
    t2 = time.perf_counter()
    after = usage(children=True)
    delta = Usage(after.cpu_s - before.cpu_s, after.vcsw - before.vcsw, after.ivcsw - before.ivcsw)
    return t1 - t0, t2 - t1, delta


def steps_per_second() -> float:
    """Measure how fast this machine runs the loop, for about 0.1 s."""
    steps = CHUNK
    while True:
        t0 = time.perf_counter()
        spin(steps)
        elapsed = time.perf_counter() - t0
        if elapsed > 0.1:
            return steps / elapsed
        steps *= 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Switching: fixed work, more and more workers")
    parser.add_argument("--seconds", type=float, default=20.0, help="rough total time budget")
    parser.add_argument(
        "--counts", default="1,2,8,64,512", help="comma-separated worker counts to try"
    )
    parser.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        default=DEFAULT_START_METHOD,
        help=f"how the process steps start children (default here: {DEFAULT_START_METHOD})",
    )
    args = parser.parse_args(argv)
    counts = [int(part) for part in args.counts.split(",") if part.strip()]
    ctx = multiprocessing.get_context(args.start_method)
    cores = os.cpu_count() or 1

    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}; {cores} cores")
    rate = steps_per_second()
    # Plan the work so that everything fits in --seconds. Each thread step takes a bit more
    # than the single-thread time (GIL hand-offs), each process step about that time divided
    # by the cores, and starting all the children costs extra.
    startup_guess = sum(counts) * PROCESS_START_S
    per_work_s = len(counts) * (1.3 + 1.2 / cores)
    work_s = max(0.05, (args.seconds - startup_guess) / per_work_s)
    total_steps = int(rate * work_s)
    say(
        f"this machine runs {rate / 1e6:.0f} M loop steps/s; every step below does the same "
        f"{total_steps / 1e6:.1f} M steps (about {work_s:.2f} s on one core)"
    )
    say(f"start method for the process steps: {ctx.get_start_method()}")
    if ctx.get_start_method() == "forkserver":
        # RUSAGE_CHILDREN counts only our own children, once they have been waited for.
        say("note: under forkserver the workers are the forkserver's children, not ours, so")
        say("      the cpu and switch columns of the process steps stay at 0")
    say("vcsw/ivcsw: voluntary/involuntary context switches (waiting vs. preempted)")

    started = time.perf_counter()
    start_cost = PROCESS_START_S  # seconds to start one process, updated after each step
    table: dict[tuple[str, int], float] = {}
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for kind in ("threads", "processes"):
            lesson("phase", name=kind, steps=total_steps)
            phase_started = time.perf_counter()
            for n in counts:
                if kind == "processes":
                    # Starting hundreds of processes can take seconds by itself; skip a step
                    # that would clearly overrun the time we were given.
                    expected_end = time.perf_counter() - started + n * start_cost + work_s
                    if n > 1 and expected_end > args.seconds * 1.25:
                        say(
                            f"processes n={n}: skipped, starting them would take about "
                            f"{n * start_cost:.1f} s (more than --seconds allows)"
                        )
                        lesson("skip", kind=kind, n=n)
                        continue
                    startup, work, used = run_process_step(ctx, n, total_steps)
                    start_cost = max(start_cost, startup / n)
                else:
                    startup, work, used = run_thread_step(n, total_steps)
                table[(kind, n)] = work
                say(
                    f"{kind:<9} n={n:<3} start {startup:5.2f} s  work {work:5.2f} s  "
                    f"cpu {used.cpu_s:5.2f} s  vcsw {used.vcsw:6d}  ivcsw {used.ivcsw:5d}"
                )
                lesson(
                    "step",
                    kind=kind,
                    n=n,
                    startup_s=startup,
                    elapsed_s=work,
                    cpu_s=used.cpu_s,
                    vcsw=used.vcsw,
                    ivcsw=used.ivcsw,
                )
            lesson("phase-end", name=kind, elapsed_s=time.perf_counter() - phase_started)
    except KeyboardInterrupt:
        say("result: interrupted; every thread and process was stopped and joined")
        return 130

    threads_done = [n for n in counts if ("threads", n) in table]
    processes_done = [n for n in counts if ("processes", n) in table]
    best = min(processes_done, key=lambda n: table[("processes", n)])
    say(
        "result: the same job took "
        + ", ".join(f"{table[('threads', n)]:.2f}" for n in threads_done)
        + f" s with {'/'.join(map(str, threads_done))} threads and "
        + ", ".join(f"{table[('processes', n)]:.2f}" for n in processes_done)
        + f" s with {'/'.join(map(str, processes_done))} processes (fastest: {best} processes)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
