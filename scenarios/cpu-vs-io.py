#!/usr/bin/env python3
"""CPU-bound vs IO-bound: when threads help and when they don't

Order: 11
Teaches:
    A task that mostly waits (for a disk, a network, a timer) is IO-bound; one that mostly
    computes is CPU-bound. Threads help the first kind in Python: a thread that waits releases
    the GIL, so eight threads can wait at the same time and eight one-second waits take about
    one second instead of eight. Threads do not help the second kind: eight threads doing pure
    Python arithmetic take turns on the GIL and finish no sooner than one thread doing all of
    it (often a little later). Use processes, or C code that releases the GIL, for that.

    The last phase shows the price IO threads pay when a CPU-bound thread shares their
    process, sometimes called the convoy effect. A thread that sleeps for 1 ms wakes up on
    time when it is alone. Next to a thread that spins in Python, it wakes up and then has to
    wait for the GIL: the spinner only lets go when asked, and the waiting thread asks only
    after sys.getswitchinterval() (5 ms). So each 1 ms sleep takes about 6 ms. A server thread
    answering requests would feel the same delay.
Watch in ptop:
    Phase sequential: one thread, asleep, 0 % CPU. Phase io-threads: 9 threads, all asleep,
    still 0 % CPU, done in one step's time. Phases cpu-sequential and cpu-threads: about 100 %
    CPU (one core) either way; with threads, 9 threads share that one core. Phase convoy: a
    Sleeper thread with almost no CPU, then a Spinner thread at about 100 % next to it; the
    Sleeper's voluntary context switches keep climbing while its progress slows down.
Run:
    python scenarios/cpu-vs-io.py [--seconds 15] [--workers 8]
Sample output:
    [pid 1979 tid 1979] Python 3.11.7 on linux; pid 1979
    [pid 1979 tid 1979] sys.getswitchinterval() = 0.005 s; each IO wait is 1.00 s
    [pid 1979 tid 1979] [lesson] phase name=sequential workers=8
    [pid 1979 tid 1979] phase sequential: 8 waits of 1.00 s, one after another
    [pid 1979 tid 1979] phase sequential took 8.01 s, CPU 0.00 s
    [pid 1979 tid 1979] [lesson] phase-end name=sequential elapsed_s=8.006 cpu_s=0.005
    [pid 1979 tid 1979] [lesson] phase name=io-threads workers=8
    [pid 1979 tid 1979] phase io-threads: the same 8 waits in 8 threads
    [pid 1979 tid 1979] phase io-threads took 1.01 s, CPU 0.01 s
    [pid 1979 tid 1979] [lesson] phase-end name=io-threads elapsed_s=1.005 cpu_s=0.006
    [pid 1979 tid 1979] [lesson] phase name=cpu-sequential workers=8
    [pid 1979 tid 1979] phase cpu-sequential: 8 CPU tasks of 6.1 M loop steps, one after another
    [pid 1979 tid 1979] phase cpu-sequential took 2.31 s, CPU 2.19 s
    [pid 1979 tid 1979] [lesson] phase-end name=cpu-sequential elapsed_s=2.309 cpu_s=2.185
    [pid 1979 tid 1979] [lesson] phase name=cpu-threads workers=8
    [pid 1979 tid 1979] phase cpu-threads: the same 8 CPU tasks in 8 threads
    [pid 1979 tid 1979] phase cpu-threads took 2.36 s, CPU 2.33 s
    [pid 1979 tid 1979] [lesson] phase-end name=cpu-threads elapsed_s=2.356 cpu_s=2.334
    [pid 1979 tid 1979] [lesson] phase name=convoy sleeps=300
    [pid 1979 tid 1979] phase convoy: a Sleeper thread naps 1 ms 300 times, alone and then with
      company
    [pid 1979 tid 1979] 300 sleeps of 1 ms alone: took 0.36 s, each woke 0.19 ms late on average
      (95th percentile 0.53 ms, worst 1.92 ms)
    [pid 1979 tid 1979] [lesson] convoy spinner=no sleeps=300 mean_late_ms=0.187 max_late_ms=1.923
      elapsed_s=0.358
    [pid 1979 tid 1979] 300 sleeps of 1 ms next to a spinning thread: took 2.00 s, each woke 5.57 ms
      late on average (95th percentile 6.56 ms, worst 13.02 ms)
    [pid 1979 tid 1979] [lesson] convoy spinner=yes sleeps=300 mean_late_ms=5.566 max_late_ms=13.02
      elapsed_s=1.998
    [pid 1979 tid 1979] [lesson] phase-end name=convoy elapsed_s=2.357
    [pid 1979 tid 1979] [lesson] result io_speedup=7.966 cpu_speedup=0.98
    [pid 1979 tid 1979] result: threads made the IO waits 8.0x faster (8.01 -> 1.01 s) and the CPU
      work 0.98x (2.31 -> 2.36 s)
Title (zh):
    计算密集型与 IO 密集型：线程什么时候有用，什么时候没用
Teaches (zh):
    大部分时间在等待（磁盘、网络、定时器）的任务是 IO 密集型；大部分时间在计算的任务是计算密集型。
    在 Python 里线程对前一种有帮助：等待中的线程会释放 GIL，所以八个线程可以同时等待，八次一秒的
    等待总共约一秒而不是八秒。线程对后一种没有帮助：八个做纯 Python 算术的线程轮流持有 GIL，
    完成得并不比一个线程做完全部工作更早（常常还稍晚一些）。这种情况要用进程，或者会释放 GIL 的
    C 代码。

    最后一个阶段展示当一个计算密集型线程与 IO 线程同处一个进程时，IO 线程付出的代价，有时称为
    “护航效应”（convoy effect）。一个睡 1 毫秒的线程单独存在时能按时醒来。旁边有一个在 Python 里
    空转的线程时，它醒来后还得等 GIL：空转线程只有被请求时才放手，而等待的线程要过
    sys.getswitchinterval()（5 毫秒）才会请求。于是每次 1 毫秒的睡眠要花大约 6 毫秒。一个负责
    响应请求的服务器线程也会感受到同样的延迟。
Watch in ptop (zh):
    sequential 阶段：一个线程，在睡眠，CPU 0 %。io-threads 阶段：9 个线程，全在睡眠，CPU 仍是 0 %，
    用一步的时间就完成了。cpu-sequential 和 cpu-threads 阶段：无论哪种，CPU 都约 100 %（一个核）；
    用线程时，9 个线程分享这一个核。convoy 阶段：一个几乎不占 CPU 的 Sleeper 线程，然后旁边出现一个
    约 100 % 的 Spinner 线程；Sleeper 的自愿上下文切换不断增加，而它的进度变慢了。
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
import functools
import signal
import statistics
import threading
import time
from collections.abc import Callable
from types import FrameType

CHUNK = 50_000  # loop steps between two looks at the stop flag
CONVOY_SLEEP_S = 0.001  # the Sleeper's nap in the convoy phase


def say(text: str) -> None:
    """Print one line that starts with this process's PID and this thread's OS thread id."""
    # One write() per line: print() writes the text and the newline separately, and another
    # thread's line could slip in between them.
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


# ---- The two kinds of work. ---------------------------------------------------------------


def io_task(seconds: float, stop: threading.Event) -> None:
    """Wait without using the CPU. Event.wait(timeout) blocks exactly like time.sleep(), but
    a stop request can cut it short."""
    stop.wait(seconds)


def cpu_task(steps: int, stop: threading.Event) -> None:
    """Pure-Python arithmetic: holds the GIL the whole time it runs."""
    x = 0
    while steps > 0 and not stop.is_set():
        for _ in range(min(CHUNK, steps)):
            x ^= 1
        steps -= CHUNK


def one_after_another(count: int, task: Callable[[], None]) -> None:
    """Run `task` `count` times in this thread."""
    for _ in range(count):
        task()


def run_in_threads(
    prefix: str, count: int, task: Callable[[], None], stop: threading.Event
) -> None:
    """Run `task` in `count` threads at once and wait for all of them."""
    threads = [threading.Thread(target=task, name=f"{prefix}-{n}") for n in range(1, count + 1)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop.set()  # only matters when interrupted: every task checks it
        for thread in threads:
            if thread.ident is not None:
                thread.join()
        stop.clear()


def steps_per_second() -> float:
    """Measure how fast this machine runs the loop, for about 0.1 s."""
    steps, never = CHUNK, threading.Event()
    while True:
        t0 = time.perf_counter()
        cpu_task(steps, never)
        elapsed = time.perf_counter() - t0
        if elapsed > 0.1:
            return steps / elapsed
        steps *= 2


# ---- The convoy. --------------------------------------------------------------------------


def sleeper(naps: int, lateness: list[float], stop: threading.Event) -> None:
    """Take `naps` short sleeps and record how late each one ends."""
    for _ in range(naps):
        if stop.is_set():
            return
        t0 = time.perf_counter()
        time.sleep(CONVOY_SLEEP_S)
        lateness.append(time.perf_counter() - t0 - CONVOY_SLEEP_S)


def spinner(stop: threading.Event) -> None:
    """Spin in Python until told to stop: a CPU-bound neighbour."""
    while not stop.is_set():
        cpu_task(CHUNK, stop)


def convoy(naps: int, with_spinner: bool, stop: threading.Event) -> None:
    lateness: list[float] = []
    threads = [threading.Thread(target=sleeper, args=(naps, lateness, stop), name="Sleeper")]
    spin_stop = threading.Event()
    if with_spinner:
        threads.append(threading.Thread(target=spinner, args=(spin_stop,), name="Spinner"))
    t0 = time.perf_counter()
    try:
        for thread in reversed(threads):  # the spinner first, so it is already running
            thread.start()
        threads[0].join()
    except BaseException:
        stop.set()  # interrupted: the Sleeper stops after its current nap
        raise
    finally:
        spin_stop.set()
        for thread in threads:
            if thread.ident is not None:
                thread.join()
    elapsed = time.perf_counter() - t0
    late_ms = sorted(value * 1000 for value in lateness)
    mean = statistics.fmean(late_ms)
    p95 = late_ms[int(0.95 * (len(late_ms) - 1))]
    who = "next to a spinning thread" if with_spinner else "alone"
    say(
        f"{naps} sleeps of 1 ms {who}: took {elapsed:.2f} s, each woke {mean:.2f} ms late "
        f"on average (95th percentile {p95:.2f} ms, worst {late_ms[-1]:.2f} ms)"
    )
    lesson(
        "convoy",
        spinner="yes" if with_spinner else "no",
        sleeps=naps,
        mean_late_ms=mean,
        max_late_ms=late_ms[-1],
        elapsed_s=elapsed,
    )


# ---- main. --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU-bound vs IO-bound threads")
    parser.add_argument("--seconds", type=float, default=15.0, help="rough total time budget")
    parser.add_argument("--workers", type=int, default=8, help="tasks (and threads) per phase")
    parser.add_argument(
        "--switch-interval", type=float, help="set sys.setswitchinterval() first (default 0.005)"
    )
    args = parser.parse_args(argv)
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)
    n = args.workers
    # The default budget of 15 s makes each IO wait 1 s; everything scales with --seconds.
    wait_s = args.seconds / 15
    naps = max(50, round(300 * args.seconds / 15))

    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}")
    say(f"sys.getswitchinterval() = {sys.getswitchinterval()} s; each IO wait is {wait_s:.2f} s")
    # Each CPU task is sized so that all n of them take about 2 waits' time on one core.
    task_steps = int(steps_per_second() * 2 * wait_s / n)
    stop = threading.Event()
    elapsed: dict[str, float] = {}

    io = functools.partial(io_task, wait_s, stop)
    cpu = functools.partial(cpu_task, task_steps, stop)
    phases: list[tuple[str, str, Callable[[], None]]] = [
        (
            "sequential",
            f"{n} waits of {wait_s:.2f} s, one after another",
            functools.partial(one_after_another, n, io),
        ),
        (
            "io-threads",
            f"the same {n} waits in {n} threads",
            functools.partial(run_in_threads, "IO", n, io, stop),
        ),
        (
            "cpu-sequential",
            f"{n} CPU tasks of {task_steps / 1e6:.1f} M loop steps, one after another",
            functools.partial(one_after_another, n, cpu),
        ),
        (
            "cpu-threads",
            f"the same {n} CPU tasks in {n} threads",
            functools.partial(run_in_threads, "CPU", n, cpu, stop),
        ),
    ]
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for name, description, body in phases:
            lesson("phase", name=name, workers=n)
            say(f"phase {name}: {description}")
            t0, cpu0 = time.perf_counter(), time.process_time()
            body()
            elapsed[name] = time.perf_counter() - t0
            cpu_s = time.process_time() - cpu0
            say(f"phase {name} took {elapsed[name]:.2f} s, CPU {cpu_s:.2f} s")
            lesson("phase-end", name=name, elapsed_s=elapsed[name], cpu_s=cpu_s)

        lesson("phase", name="convoy", sleeps=naps)
        say(f"phase convoy: a Sleeper thread naps 1 ms {naps} times, alone and then with company")
        t0 = time.perf_counter()
        convoy(naps, with_spinner=False, stop=stop)
        convoy(naps, with_spinner=True, stop=stop)
        lesson("phase-end", name="convoy", elapsed_s=time.perf_counter() - t0)
    except KeyboardInterrupt:
        stop.set()
        say("result: interrupted; all threads joined")
        return 130

    io_gain = elapsed["sequential"] / elapsed["io-threads"]
    cpu_gain = elapsed["cpu-sequential"] / elapsed["cpu-threads"]
    lesson("result", io_speedup=io_gain, cpu_speedup=cpu_gain)
    say(
        f"result: threads made the IO waits {io_gain:.1f}x faster "
        f"({elapsed['sequential']:.2f} -> {elapsed['io-threads']:.2f} s) and the CPU work "
        f"{cpu_gain:.2f}x ({elapsed['cpu-sequential']:.2f} -> {elapsed['cpu-threads']:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
