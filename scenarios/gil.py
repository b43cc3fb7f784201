#!/usr/bin/env python3
"""GIL: threads share one core, processes use them all

Order: 8
Teaches:
    CPython has a Global Interpreter Lock: only the thread holding it may run Python bytecode.
    Three phases show what that means on a machine with N cores (N = os.cpu_count() unless
    you pass --workers).

    Phase "threads": N threads each spin in a pure-Python loop (x ^= 1). Together they use
    about one core, not N: they take turns holding the GIL. The classic tutorial says the GIL
    is released "every 100 bytecodes"; that was Python 2. Since Python 3.2 a thread that wants
    the GIL waits sys.getswitchinterval() (5 ms) and then asks the running thread to let go,
    which it does at its next check point (a call, a loop's jump back, a function start).

    Phase "processes": the same loop in N processes. Each process has its own interpreter and
    its own GIL, so together they use about N cores.

    Phase "hashlib": N threads again, but now each one hashes a 16 MiB buffer with
    hashlib.sha256. The hashing is C code that releases the GIL while it works on a large
    buffer, so these threads also use about N cores. "Threads never use more than one core"
    is true for Python bytecode, not for C code that lets go of the GIL (hashlib, zlib, most
    I/O, numpy), and free-threaded builds (3.13t, 3.14t) have no GIL at all; the script prints
    which kind of build it is running on.
Watch in ptop:
    Phase threads: one process at about 100 % CPU (one core's worth), its N Spin threads
    sharing it (about 100/N % each), and the per-core meters showing the load spread over the
    cores rather than filling them. Phase processes: N child processes (Spin-1 ...) at about
    100 % each, and every core busy. Phase hashlib: one process again, but now at about
    N x 100 %, with each Hash thread near 100 %.
Run:
    python scenarios/gil.py [--seconds 5] [--workers N] [--mib 16]
Sample output:
    [pid 20905 tid 20905] Python 3.11.7 on linux; pid 20905
    [pid 20905 tid 20905] GIL enabled: True; sys.getswitchinterval() = 0.005 s; os.cpu_count() = 2;
      start method fork
    [pid 20905 tid 20905] [lesson] environment gil=True switch_interval_s=0.005
    [pid 20905 tid 20905] [lesson] phase name=threads workers=2
    [pid 20905 tid 20905] phase threads: 2 threads spin in Python for 5 s
    [pid 20905 tid 20905]   Spin-1: 59.5 M loop steps
    [pid 20905 tid 20905]   Spin-2: 59.1 M loop steps
    [pid 20905 tid 20905] phase threads used 0.98 cores (CPU seconds per wall second)
    [pid 20905 tid 20905] [lesson] phase-end name=threads elapsed_s=5.0 cores=0.984
    [pid 20905 tid 20905] [lesson] phase name=processes workers=2
    [pid 20905 tid 20905] phase processes: 2 processes spin in Python for 5 s
    [pid 20905 tid 20905]   Spin-1: 120.0 M loop steps
    [pid 20905 tid 20905]   Spin-2: 118.9 M loop steps
    [pid 20905 tid 20905] phase processes used 1.95 cores (CPU seconds per wall second)
    [pid 20905 tid 20905] [lesson] phase-end name=processes elapsed_s=5.0 cores=1.951
    [pid 20905 tid 20905] [lesson] phase name=hashlib workers=2
    [pid 20905 tid 20905] phase hashlib: 2 threads hash 16 MiB buffers for 5 s
    [pid 20905 tid 20905]   Hash-1: 6880 MiB
    [pid 20905 tid 20905]   Hash-2: 6832 MiB
    [pid 20905 tid 20905] phase hashlib used 1.92 cores (CPU seconds per wall second)
    [pid 20905 tid 20905] [lesson] phase-end name=hashlib elapsed_s=5.0 cores=1.918
    [pid 20905 tid 20905] 2 processes did 2.0x the loop steps of 2 threads in the same time
    [pid 20905 tid 20905] [lesson] result threads_cores=0.984 processes_cores=1.951
      hashlib_cores=1.918
    [pid 20905 tid 20905] result: 2 threads used 0.98 cores, 2 processes 1.95, 2 hashlib threads
      1.92
Title (zh):
    GIL：线程共用一个核，进程用满所有核
Teaches (zh):
    CPython 有一把全局解释器锁（GIL）：只有持有它的线程才能运行 Python 字节码。三个阶段展示这在
    有 N 个核的机器上意味着什么（N = os.cpu_count()，除非你传入 --workers）。

    “threads” 阶段：N 个线程各自在纯 Python 循环（x ^= 1）里空转。它们合起来只用大约一个核，
    而不是 N 个：它们轮流持有 GIL。经典教程说 GIL “每执行 100 条字节码” 释放一次；那是 Python 2。
    从 Python 3.2 起，想要 GIL 的线程先等 sys.getswitchinterval()（5 毫秒），然后请求正在运行的
    线程放手，后者在下一个检查点（一次调用、循环跳回开头、函数开始）照办。

    “processes” 阶段：同样的循环放在 N 个进程里。每个进程有自己的解释器和自己的 GIL，所以合起来
    大约使用 N 个核。

    “hashlib” 阶段：又是 N 个线程，但这次每个线程用 hashlib.sha256 计算一个 16 MiB 缓冲区的哈希。
    哈希计算是 C 代码，处理大缓冲区时会释放 GIL，所以这些线程也能用上大约 N 个核。“线程永远用不了
    超过一个核” 只对 Python 字节码成立，对释放 GIL 的 C 代码（hashlib、zlib、大多数 I/O、numpy）
    不成立；而自由线程版本（3.13t、3.14t）根本没有 GIL。脚本会打印当前运行的是哪种版本。
Watch in ptop (zh):
    threads 阶段：一个进程，CPU 约 100 %（一个核的量），它的 N 个 Spin 线程分享这一个核（每个约
    100/N %），各核的仪表显示负载分散在几个核上，而不是把它们占满。processes 阶段：N 个子进程
    （Spin-1 …）各约 100 %，每个核都忙。hashlib 阶段：又只有一个进程，但现在约为 N x 100 %，
    每个 Hash 线程都接近 100 %。
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
import hashlib
import multiprocessing
import multiprocessing.queues
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

DEFAULT_START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
SPIN_CHUNK = 100_000  # x ^= 1 steps between two looks at the clock
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


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far, all its threads together."""
    times = os.times()
    return times.user + times.system


# ---- The work. ----------------------------------------------------------------------------


def spin(deadline: float, stop: threading.Event | None) -> int:
    """Pure-Python busy loop until `deadline` (time.monotonic()); returns the steps done."""
    x = 0
    steps = 0
    while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
        for _ in range(SPIN_CHUNK):
            x ^= 1  # holds the GIL the whole time, except at the periodic switch requests
        steps += SPIN_CHUNK
    return steps


def spin_thread(deadline: float, stop: threading.Event, results: dict[str, int]) -> None:
    """Thread body for phase threads."""
    results[threading.current_thread().name] = spin(deadline, stop)


def spin_process(deadline: float, results: multiprocessing.queues.SimpleQueue) -> None:  # type: ignore[type-arg]
    """Process body for phase processes; sends its step count and CPU time to the parent."""
    # Each child reports its own CPU time: with the forkserver start method the workers are
    # the forkserver's children, not ours, so our RUSAGE_CHILDREN would never include them.
    quiet_child_signals()
    steps = spin(deadline, None)
    results.put((multiprocessing.current_process().name, steps, cpu_seconds()))


def hash_thread(
    deadline: float, stop: threading.Event, data: bytes, results: dict[str, int]
) -> None:
    """Thread body for phase hashlib: hash `data` again and again; count the bytes."""
    hashed = 0
    while time.monotonic() < deadline and not stop.is_set():
        hashlib.sha256(data).digest()  # the GIL is released while sha256 runs over `data`
        hashed += len(data)
    results[threading.current_thread().name] = hashed


# ---- The phases. --------------------------------------------------------------------------


def run_threads(phase: str, workers: int, seconds: float, mib: int) -> tuple[float, int]:
    """Phase threads or hashlib: return (cores used, work done)."""
    stop = threading.Event()
    results: dict[str, int] = {}
    deadline = time.monotonic() + seconds
    if phase == "threads":
        threads = [
            threading.Thread(target=spin_thread, args=(deadline, stop, results), name=f"Spin-{n}")
            for n in range(1, workers + 1)
        ]
    else:
        data = os.urandom(mib * 1024 * 1024)
        threads = [
            threading.Thread(
                target=hash_thread, args=(deadline, stop, data, results), name=f"Hash-{n}"
            )
            for n in range(1, workers + 1)
        ]
    wall_before, cpu_before = time.monotonic(), cpu_seconds()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop.set()  # on Ctrl+C / SIGTERM: make every thread leave its loop, then join it
        for thread in threads:
            if thread.ident is not None:
                thread.join()
    wall = time.monotonic() - wall_before
    cores = (cpu_seconds() - cpu_before) / wall
    for name, amount in sorted(results.items()):
        unit = f"{amount / 1e6:.1f} M loop steps" if phase == "threads" else f"{amount >> 20} MiB"
        say(f"  {name}: {unit}")
    return cores, sum(results.values())


def run_processes(
    ctx: multiprocessing.context.BaseContext, workers: int, seconds: float
) -> tuple[float, int]:
    """Phase processes: return (cores used, work done)."""
    results: multiprocessing.queues.SimpleQueue = ctx.SimpleQueue()  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds  # monotonic time is shared by all local processes
    processes = [
        ctx.Process(target=spin_process, args=(deadline, results), name=f"Spin-{n}")  # type: ignore[attr-defined]
        for n in range(1, workers + 1)
    ]
    wall_before = time.monotonic()
    try:
        for process in processes:
            with stop_signals_held():
                process.start()
        reports = [results.get() for _ in processes]  # (name, steps, cpu seconds) each
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
    wall = time.monotonic() - wall_before
    cores = sum(cpu for _, _, cpu in reports) / wall
    for name, steps, _ in sorted(reports):
        say(f"  {name}: {steps / 1e6:.1f} M loop steps")
    return cores, sum(steps for _, steps, _ in reports)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="GIL: threads vs processes vs C code")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="threads/processes per phase"
    )
    parser.add_argument("--mib", type=int, default=16, help="buffer size for phase hashlib")
    parser.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        default=DEFAULT_START_METHOD,
        help=f"how phase processes starts children (default here: {DEFAULT_START_METHOD})",
    )
    args = parser.parse_args(argv)
    ctx = multiprocessing.get_context(args.start_method)

    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}")
    say(
        f"GIL enabled: {gil_enabled}; sys.getswitchinterval() = {sys.getswitchinterval()} s; "
        f"os.cpu_count() = {os.cpu_count()}; start method {ctx.get_start_method()}"
    )
    lesson("environment", gil=gil_enabled, switch_interval_s=sys.getswitchinterval())

    n = args.workers
    cores: dict[str, float] = {}
    work: dict[str, int] = {}
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for phase in ("threads", "processes", "hashlib"):
            lesson("phase", name=phase, workers=n)
            if phase == "threads":
                say(f"phase threads: {n} threads spin in Python for {args.seconds:g} s")
                cores[phase], work[phase] = run_threads(phase, n, args.seconds, args.mib)
            elif phase == "processes":
                say(f"phase processes: {n} processes spin in Python for {args.seconds:g} s")
                cores[phase], work[phase] = run_processes(ctx, n, args.seconds)
            else:
                say(
                    f"phase hashlib: {n} threads hash {args.mib} MiB buffers for {args.seconds:g} s"
                )
                cores[phase], work[phase] = run_threads(phase, n, args.seconds, args.mib)
            say(f"phase {phase} used {cores[phase]:.2f} cores (CPU seconds per wall second)")
            lesson("phase-end", name=phase, elapsed_s=args.seconds, cores=cores[phase])
    except KeyboardInterrupt:
        say("result: interrupted; all threads and processes stopped and joined")
        return 130

    speedup = work["processes"] / max(1, work["threads"])
    say(f"{n} processes did {speedup:.1f}x the loop steps of {n} threads in the same time")
    lesson(
        "result",
        threads_cores=cores["threads"],
        processes_cores=cores["processes"],
        hashlib_cores=cores["hashlib"],
    )
    say(
        f"result: {n} threads used {cores['threads']:.2f} cores, {n} processes "
        f"{cores['processes']:.2f}, {n} hashlib threads {cores['hashlib']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
