#!/usr/bin/env python3
"""Switching: the same work split over more and more threads, then processes

Order: 10
Teaches:
    Splitting fixed CPU work into more pieces stops helping once every core is busy, and each
    extra thread or process costs start-up time, memory and context switches (the OS saving
    one task's state and loading another's). The same pure-Python loop runs split over 1, 2,
    8, 64 and 512 threads, then processes; each step prints its start-up time, work time, CPU
    time and context switches (getrusage). Measured on 2 cores: threads stay near one core
    (the GIL) and get only a little slower as they multiply; processes halve the time at 2
    and lose it again when starting 512 dominates. The tutorial's system that "does nothing
    but switch" needs far more tasks or memory pressure: here the costs are start-up and
    memory. The work is scaled to --seconds, so compare steps, not machines.
Watch in ptop:
    Thread steps: one process whose thread count jumps to 2, 9, 65, 513, at about 100 % CPU
    whatever the count. Process steps: up to 512 children, all cores busy, the process count
    climbing and falling; each idle child has little resident memory of its own.
Run:
    python scenarios/switching.py [--seconds 20] [--counts 1,2,8,64,512]
Sample output:
    every step does the same 30.9 M loop steps (about 1.49 s on one core); Python 3.11.7, ...
    phase threads: the same work split over 1/2/8/64/512 threads
    threads n=1: start 0.00s · elapsed=1.35s cpu=1.33s switches=23
    threads n=512: start 0.18s · elapsed=1.87s cpu=2.22s switches=39569
    phase processes: the same work split over 1/2/8/64/512 processes
    processes n=2: start 0.01s · elapsed=0.88s cpu=1.41s switches=183
    processes n=512: start 2.01s · elapsed=1.56s cpu=3.57s switches=2456
    result: fastest with 8 processes (0.72 s); threads took 1.35 to 1.87 s
Title (zh):
    切换：同样的工作拆给越来越多的线程，再拆给进程
Teaches (zh):
    所有核都忙了以后，把固定的 CPU 工作拆成更多份就不再有帮助，而且每多一个线程或进程都要付出
    启动时间、内存和上下文切换（操作系统保存一个任务的状态、加载另一个的）。同一个纯 Python 循环
    依次拆给 1、2、8、64、512 个线程，再拆给进程；每一步打印启动时间、工作时间、CPU 时间和上下文
    切换次数（getrusage）。在 2 核上测得：线程停在约一个核（GIL），越多只是稍慢一点；进程在 2 个
    时用时减半，到 512 个时启动开销又把收益吃掉。教程里 “系统只顾着切换” 需要多得多的任务或内存
    压力：这里的代价是启动和内存。工作量按 --seconds 缩放，比较的是各步之间，而不是机器之间。
Watch in ptop (zh):
    线程步骤：一个进程，线程数跳到 2、9、65、513，无论多少 CPU 都约 100 %。进程步骤：最多 512 个
    子进程，所有核都忙，进程数先升后降；每个空闲子进程自身的常驻内存很少。
"""

import argparse
import multiprocessing
import resource
import signal
import sys
import threading
import time


def spin(steps: int) -> None:
    """The fixed work: `steps` pure-Python loop steps."""
    x = 0
    for _ in range(steps):
        x ^= 1


def worker(steps: int, gate: threading.Event) -> None:
    gate.wait()  # the start gate: work begins when every worker exists
    spin(steps)


def one_step(kind: str, n: int, steps: int) -> tuple[float, float, float, int]:
    """Split `steps` over n threads or processes; return (start-up s, work s, CPU s, switches)."""
    if kind == "threads":
        gate, make = threading.Event(), threading.Thread
    else:
        gate, make = multiprocessing.Event(), multiprocessing.Process
    workers = [make(target=worker, args=(steps // n, gate), name=f"W-{i}") for i in range(n)]
    before = usage(kind)
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    t1 = time.perf_counter()
    gate.set()
    for w in workers:
        w.join()
    t2 = time.perf_counter()
    after = usage(kind)
    return t1 - t0, t2 - t1, after[0] - before[0], after[1] - before[1]


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    counts = [int(part) for part in args.counts.split(",")]
    work_s, steps = plan(args.seconds, counts)
    say(
        f"every step does the same {steps / 1e6:.1f} M loop steps"
        f" (about {work_s:.2f} s on one core); Python {sys.version.split()[0]},"
        f" start method {multiprocessing.get_start_method()}"
    )
    started, start_cost = time.perf_counter(), 0.004  # seconds to start one process, updated
    took: dict[tuple[str, int], float] = {}
    for kind in ("threads", "processes"):
        say(f"phase {kind}: the same work split over {'/'.join(map(str, counts))} {kind}")
        for n in counts:
            expected_end = time.perf_counter() - started + n * start_cost + work_s
            if kind == "processes" and n > 1 and expected_end > args.seconds * 1.25:
                say(
                    f"processes n={n}: skipped, starting them would take about"
                    f" {n * start_cost:.1f} s, more than --seconds allows"
                )
                continue
            startup, elapsed, cpu, switches = one_step(kind, n, steps)
            if kind == "processes":
                start_cost = max(start_cost, startup / n)
            took[(kind, n)] = elapsed
            say(
                f"{kind} n={n}: start {startup:.2f}s"
                f" · elapsed={elapsed:.2f}s cpu={cpu:.2f}s switches={switches}"
            )
        say(f"phase {kind} done")

    kind, n = min(took, key=took.__getitem__)
    threads = [s for (k, _), s in took.items() if k == "threads"]
    say(
        f"result: fastest with {n} {kind} ({took[(kind, n)]:.2f} s);"
        f" threads took {min(threads):.2f} to {max(threads):.2f} s"
    )
    return 0


# ---- plumbing you can skip ----


def usage(kind: str) -> tuple[float, int]:
    """(CPU seconds, context switches) of this process, or of its children once joined."""
    who = resource.RUSAGE_SELF if kind == "threads" else resource.RUSAGE_CHILDREN
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime, ru.ru_nvcsw + ru.ru_nivcsw


def plan(seconds: float, counts: list[int]) -> tuple[float, int]:
    """Size the work so that all the steps fit in `seconds`: (one core's seconds, steps)."""
    rate, t0 = 2_000_000, time.perf_counter()
    spin(rate // 10)
    rate = int(rate // 10 / (time.perf_counter() - t0))  # loop steps per second here
    cores = multiprocessing.cpu_count()
    work_s = max(0.05, (seconds - sum(counts) * 0.004) / (len(counts) * (1.3 + 1.2 / cores)))
    return work_s, int(rate * work_s)


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=20.0, help="rough total time")
    parser.add_argument("--counts", default="1,2,8,64,512", help="worker counts to try")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
