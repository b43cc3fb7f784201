#!/usr/bin/env python3
"""Pool: four workers, five tasks

Order: 3
Teaches:
    Pool(4) starts four worker processes once and hands them tasks. With five equal tasks,
    tasks 0-3 start together; task 4 waits for a free worker and runs in one that already
    exists (same PID as an earlier task). The 4 is the pool's limit, not the system's; Pool()
    alone uses os.cpu_count() workers (3.13+: os.process_cpu_count(), which follows CPU
    affinity). The
    start time is passed to each task, because under spawn or forkserver every worker imports
    this file again and a module-level "start = time.time()" would be new in each.
Watch in ptop:
    Four worker rows under the parent, asleep (S) while their task sleeps; no fifth process
    ever appears. The parent has 4 threads: main plus the pool's three handler threads.
Run:
    python scenarios/pool.py [--seconds 3] [--workers 4] [--tasks 5] [--start-method spawn]
Sample output:
    Pool(4) gets 5 tasks of 3 s each · parent pid=31668, Python 3.11.7, start method fork
    the parent now has 4 threads: MainThread, Thread-1 (_handle_workers), ...
    task 0 starts in ForkPoolWorker-1 · pid=31670 t=0.02s
    task 1 starts in ForkPoolWorker-2 · pid=31671 t=0.02s
    ...
    task 4 starts in ForkPoolWorker-2 · pid=31671 t=3.02s
    task 4 ends in ForkPoolWorker-2 · pid=31671 t=6.02s
    task 4 waited for a free worker: pid 31671 had run task 1 before it
    result: 5 tasks in 6.0 s on 4 worker PIDs
Title (zh):
    Pool：四个工作进程，五个任务
Teaches (zh):
    Pool(4) 一次性启动四个工作进程，再把任务分给它们。五个等长的任务里，任务 0-3 同时开始；
    任务 4 要等某个工作进程空下来，并在一个已有的工作进程里运行（PID 与之前某个任务相同）。
    4 是进程池的上限，不是操作系统的；不写数字的 Pool() 使用 os.cpu_count() 个工作进程（3.13+
    用 os.process_cpu_count()，会考虑 CPU 亲和性）。开始时间作为参数传给每个任务：在 spawn 或
    forkserver 下，每个工作进程都会重新导入本文件，模块级的 “start = time.time()” 在每个进程里
    都是新值。
Watch in ptop (zh):
    父进程下面有四个工作进程，任务 sleep 时都在睡眠（S）；始终不会出现第五个进程。父进程有
    4 个线程：主线程加上进程池的三个处理线程。
"""

import argparse
import multiprocessing
import os
import signal
import sys
import threading
import time


def long_task(task: int, seconds: float, t0: float) -> tuple[int, int, float]:
    """One task: say where it runs, sleep a fixed time, say so again. t0: the parent's start."""
    me = multiprocessing.current_process().name
    started = time.monotonic() - t0
    say(f"task {task} starts in {me} · pid={os.getpid()} t={started:.2f}s")
    time.sleep(seconds)
    say(f"task {task} ends in {me} · pid={os.getpid()} t={time.monotonic() - t0:.2f}s")
    return task, os.getpid(), started


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    t0 = time.monotonic()
    say(
        f"Pool({args.workers}) gets {args.tasks} tasks of {args.seconds:g} s each"
        f" · parent pid={os.getpid()}, Python {sys.version.split()[0]},"
        f" start method {multiprocessing.get_start_method()}"
    )
    pool = multiprocessing.Pool(args.workers)  # the workers start now, once
    # The pool's bookkeeping runs in three threads of *this* process.
    names = ", ".join(thread.name for thread in threading.enumerate())
    say(f"the parent now has {threading.active_count()} threads: {names}")
    pending = [pool.apply_async(long_task, (i, args.seconds, t0)) for i in range(args.tasks)]
    pool.close()  # no more tasks: the workers may exit once the queue is empty
    pool.join()  # wait for them
    results = [item.get() for item in pending]

    first_round = {pid: task for task, pid, _ in results[: args.workers]}
    for task, pid, _ in results[args.workers :]:
        earlier = f"pid {pid} had run task {first_round[pid]} before it"
        say(f"task {task} waited for a free worker: {earlier if pid in first_round else pid}")
    pids = {pid for _, pid, _ in results}
    elapsed = time.monotonic() - t0
    say(f"result: {len(results)} tasks in {elapsed:.1f} s on {len(pids)} worker PIDs")
    return 0


# ---- plumbing you can skip ----


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each task")
    parser.add_argument("--workers", type=int, default=4, help="pool size")
    parser.add_argument("--tasks", type=int, default=5, help="number of tasks")
    parser.add_argument("--start-method", choices=multiprocessing.get_all_start_methods())
    args = parser.parse_args(argv)
    if args.start_method:
        multiprocessing.set_start_method(args.start_method)
    return args


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
