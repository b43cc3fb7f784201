#!/usr/bin/env python3
"""GIL: threads share one core, processes use them all

Order: 8
Teaches:
    CPython's Global Interpreter Lock lets only one thread at a time run Python bytecode.
    Phase "threads": N threads (N = os.cpu_count()) spin on x = x ^ 1, as in the classic
    tutorial; together they use about one core, taking turns. The tutorial says the GIL is
    released "every 100 bytecodes": that was Python 2. Since 3.2 a waiting thread waits
    sys.getswitchinterval() (5 ms), then asks the running one to let go at its next check
    point. Phase "processes": the same loop in N processes, each with its own GIL: about N
    cores. Phase "hashlib": N threads hashing a 16 MiB buffer; sha256 is C code that
    releases the GIL, so they use about N cores too. "Threads use one core" holds for Python
    bytecode, not for such C code, nor for free-threaded builds (the first line says which).
Watch in ptop:
    Threads: one process at about 100 % (one core), its Spin threads sharing it. Processes: N
    children (Spin-1 ...) at about 100 % each, every core busy. Hashlib: one process at about
    N x 100 %, each Hash thread near 100 %.
Run:
    python scenarios/gil.py [--seconds 5] [--workers N] [--mib 16]
Sample output:
    Python 3.11.7, GIL enabled: True; sys.getswitchinterval() = 0.005 s; os.cpu_count() = 2
    phase threads: 2 threads spin on x = x ^ 1 for 5 s · workers=2
    phase threads done · cores=0.98 (CPU seconds per wall second), 118.6 M loop steps
    phase processes: 2 processes spin on x = x ^ 1 for 5 s · workers=2
    phase processes done · cores=1.95 (CPU seconds per wall second), 238.9 M loop steps
    phase hashlib: 2 threads hash 16 MiB buffers for 5 s · workers=2
    phase hashlib done · cores=1.92 (CPU seconds per wall second), 13712 MiB hashed
    result: 2 threads used 0.98 cores, 2 processes 1.95, 2 hashlib threads 1.92
Title (zh):
    GIL：线程共用一个核，进程用满所有核
Teaches (zh):
    CPython 的全局解释器锁（GIL）同一时刻只让一个线程运行 Python 字节码。“threads” 阶段：
    N 个线程（N = os.cpu_count()）像经典教程那样在 x = x ^ 1 上空转；合起来只用约一个核，轮流运行。
    教程说 GIL “每 100 条字节码” 释放一次：那是 Python 2。从 3.2 起，等待的线程先等
    sys.getswitchinterval()（5 毫秒），再请求正在运行的线程在下一个检查点放手。“processes” 阶段：
    同样的循环放在 N 个进程里，各有自己的 GIL：约 N 个核。“hashlib” 阶段：N 个线程计算 16 MiB
    缓冲区的 sha256；它是会释放 GIL 的 C 代码，所以也能用约 N 个核。“线程只用一个核” 只对 Python
    字节码成立，对这样的 C 代码和自由线程版本都不成立（第一行会说明是哪种版本）。
Watch in ptop (zh):
    threads：一个进程约 100 %（一个核），Spin 线程分享它。processes：N 个子进程（Spin-1 …）
    各约 100 %，每个核都忙。hashlib：一个进程约 N x 100 %，每个 Hash 线程接近 100 %。
"""

import argparse
import hashlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable


def loop(seconds: float) -> int:
    """The tutorial's endless loop, made to end after `seconds`; returns the steps done."""
    x, steps, deadline = 0, 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        for _ in range(100_000):
            x = x ^ 1  # pure bytecode: this thread holds the GIL all along
        steps += 100_000
    return steps


def hash_loop(seconds: float, data: bytes) -> int:
    """Hash `data` again and again for `seconds`; returns the bytes hashed."""
    hashed, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        hashlib.sha256(data).digest()  # C code: the GIL is released while it runs
        hashed += len(data)
    return hashed


def in_threads(n: int, name: str, work: Callable[..., int], *args: object) -> tuple[float, int]:
    """Run work(*args) in n threads at once; return (cores used, total work)."""
    done: list[int] = []
    threads = [
        threading.Thread(target=lambda: done.append(work(*args)), name=f"{name}-{i}")
        for i in range(1, n + 1)
    ]
    wall, cpu = time.monotonic(), cpu_seconds()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (cpu_seconds() - cpu) / (time.monotonic() - wall), sum(done)


def in_processes(n: int, seconds: float) -> tuple[float, int]:
    """Run loop(seconds) in n processes at once; return (cores used, total steps)."""
    reports: multiprocessing.SimpleQueue = multiprocessing.SimpleQueue()
    processes = [
        multiprocessing.Process(target=report, args=(reports, seconds), name=f"Spin-{i}")
        for i in range(1, n + 1)
    ]
    wall = time.monotonic()
    for p in processes:
        p.start()
    done = [reports.get() for _ in processes]  # (steps, CPU seconds) from each child
    for p in processes:
        p.join()
    return sum(cpu for _, cpu in done) / (time.monotonic() - wall), sum(s for s, _ in done)


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    n, seconds = args.workers, args.seconds
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    say(
        f"Python {sys.version.split()[0]}, GIL enabled: {gil};"
        f" sys.getswitchinterval() = {sys.getswitchinterval()} s;"
        f" os.cpu_count() = {os.cpu_count()}"
    )
    cores: dict[str, float] = {}
    say(f"phase threads: {n} threads spin on x = x ^ 1 for {seconds:g} s · workers={n}")
    cores["threads"], steps = in_threads(n, "Spin", loop, seconds)
    say(
        f"phase threads done · cores={cores['threads']:.2f} (CPU seconds per wall second),"
        f" {steps / 1e6:.1f} M loop steps"
    )
    say(f"phase processes: {n} processes spin on x = x ^ 1 for {seconds:g} s · workers={n}")
    cores["processes"], steps = in_processes(n, seconds)
    say(
        f"phase processes done · cores={cores['processes']:.2f} (CPU seconds per wall second),"
        f" {steps / 1e6:.1f} M loop steps"
    )
    say(f"phase hashlib: {n} threads hash {args.mib} MiB buffers for {seconds:g} s · workers={n}")
    data = os.urandom(args.mib << 20)
    cores["hashlib"], hashed = in_threads(n, "Hash", hash_loop, seconds, data)
    say(
        f"phase hashlib done · cores={cores['hashlib']:.2f} (CPU seconds per wall second),"
        f" {hashed >> 20} MiB hashed"
    )
    say(
        f"result: {n} threads used {cores['threads']:.2f} cores, {n} processes"
        f" {cores['processes']:.2f}, {n} hashlib threads {cores['hashlib']:.2f}"
    )
    return 0


# ---- plumbing you can skip ----


def report(reports: multiprocessing.SimpleQueue, seconds: float) -> None:
    """A child's loop; it sends back its own CPU time (under forkserver it is not our child)."""
    steps = loop(seconds)
    reports.put((steps, cpu_seconds()))


def cpu_seconds() -> float:
    """CPU time used by this process so far, all its threads together."""
    times = os.times()
    return times.user + times.system


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="threads/processes"
    )
    parser.add_argument("--mib", type=int, default=16, help="buffer size for phase hashlib")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
