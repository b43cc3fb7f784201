#!/usr/bin/env python3
"""Pool: four workers, five tasks

Order: 3
Teaches:
    A multiprocessing.Pool starts a fixed number of worker processes once and feeds them tasks.
    With Pool(4) and five tasks of equal length, tasks 0-3 start at the same moment, one per
    worker; task 4 has to wait until a worker is free, and then runs in a worker process that
    already exists (same PID as an earlier task). The limit of 4 is the pool's choice, not the
    operating system's: Pool(5) would run all five at once. Pool() without a number uses
    os.cpu_count() workers (3.13+: os.process_cpu_count(), which follows CPU affinity).

    Every task prints its PID and the time since the parent started. That start time is passed
    to each task as an argument: with spawn or forkserver each worker imports this script again,
    so a module-level "start = time.time()" would be a new value in every worker. The time
    itself is time.monotonic(), a clock that all processes on one machine share. The classic
    tutorial's random sleeps hide the pattern; fixed-length tasks make it obvious.

    The pool also lives inside the parent: it runs three helper threads there (handling
    workers, tasks and results), which the parent lists below.
Watch in ptop:
    Under the parent, four worker rows (ForkPoolWorker-1 ... 4 in the output), all asleep (S)
    while their task sleeps. After the first round one worker takes task 4 while the other
    three sit idle; no fifth process ever appears. Show threads for the parent: it has 4 (the
    main thread plus the pool's three handler threads), all asleep.
Run:
    python scenarios/pool.py [--seconds 3] [--workers 4] [--tasks 5] [--start-method fork|spawn]
Sample output:
    [pid 31668 tid 31668] Python 3.11.7 on linux; parent pid 31668
    [pid 31668 tid 31668] start method: fork; os.cpu_count() = 2
    [pid 31668 tid 31668] Pool(4) gets 5 tasks of 3 s each
    [pid 31668 tid 31668] the parent now has 4 threads: MainThread, Thread-1 (_handle_workers),
      Thread-2 (_handle_tasks), Thread-3 (_handle_results)
    [pid 31668 tid 31668] [lesson] parent-threads count=4
    [pid 31668 tid 31668] all tasks handed to the pool; waiting for results
    [pid 31671 tid 31671] task 1 starts in ForkPoolWorker-2 (pid 31671) at t=0.02 s
    [pid 31671 tid 31671] [lesson] task-start task=1 pid=31671 t=0.018
    [pid 31670 tid 31670] task 0 starts in ForkPoolWorker-1 (pid 31670) at t=0.02 s
    [pid 31670 tid 31670] [lesson] task-start task=0 pid=31670 t=0.018
    [pid 31673 tid 31673] task 2 starts in ForkPoolWorker-4 (pid 31673) at t=0.02 s
    [pid 31673 tid 31673] [lesson] task-start task=2 pid=31673 t=0.019
    [pid 31672 tid 31672] task 3 starts in ForkPoolWorker-3 (pid 31672) at t=0.02 s
    [pid 31672 tid 31672] [lesson] task-start task=3 pid=31672 t=0.019
    ...
    [pid 31671 tid 31671] task 4 starts in ForkPoolWorker-2 (pid 31671) at t=3.02 s
    [pid 31671 tid 31671] [lesson] task-start task=4 pid=31671 t=3.023
    [pid 31671 tid 31671] task 4 ends   in ForkPoolWorker-2 (pid 31671) at t=6.02 s
    [pid 31671 tid 31671] [lesson] task-end task=4 pid=31671 t=6.024
    [pid 31668 tid 31668] all 5 tasks done after 6.0 s
    [pid 31668 tid 31668] task 4 had to wait: it started at t=3.02 s and pid 31671 had already run
      task 1
    [pid 31668 tid 31668] [lesson] result tasks=5 elapsed_s=6.03 worker_pids=4
    [pid 31668 tid 31668] result: 5 tasks in 6.0 s on 4 worker PIDs
Title (zh):
    Pool：四个工作进程，五个任务
Teaches (zh):
    multiprocessing.Pool 一次性启动固定数量的工作进程，然后把任务分给它们。用 Pool(4) 跑五个
    等长的任务时，任务 0-3 同时开始，每个工作进程一个；任务 4 必须等到有工作进程空闲，然后在一个
    已经存在的工作进程里运行（PID 与之前某个任务相同）。4 这个上限是进程池自己定的，不是操作系统
    的限制：Pool(5) 就会让五个任务同时运行。不写数字的 Pool() 使用 os.cpu_count() 个工作进程
    （3.13+ 使用 os.process_cpu_count()，它会考虑 CPU 亲和性）。

    每个任务都打印自己的 PID 和距离父进程启动的时间。这个启动时间是作为参数传给每个任务的：
    在 spawn 或 forkserver 下，每个工作进程都会重新导入本脚本，模块级的 “start = time.time()”
    在每个工作进程里都会是一个新值。时间本身用 time.monotonic()，同一台机器上的所有进程共享这个
    时钟。经典教程里的随机睡眠掩盖了规律；固定长度的任务让规律一目了然。

    进程池也活在父进程里：它在父进程中运行三个辅助线程（分别管理工作进程、任务和结果），
    下面的输出会把它们列出来。
Watch in ptop (zh):
    父进程下面有四个工作进程（输出里是 ForkPoolWorker-1 … 4），任务 sleep 时全都在睡眠（S）。
    第一轮结束后，其中一个工作进程接下任务 4，另外三个闲着；始终不会出现第五个进程。查看父进程的
    线程：它有 4 个（主线程加上进程池的三个处理线程），都在睡眠。
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
import multiprocessing.pool
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

DEFAULT_START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}  # the requests that stop a scenario


def say(text: str) -> None:
    """Print one line that starts with this process's PID and this thread's OS thread id."""
    # One write() per line: print() writes the text and the newline separately, and with five
    # processes sharing one pipe another line could slip in between them.
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


def long_task(task: int, task_seconds: float, t0: float) -> tuple[int, int, float, float]:
    """One task: report, sleep a fixed time, report. t0 is the parent's start time."""
    worker = multiprocessing.current_process().name
    started = time.monotonic() - t0
    say(f"task {task} starts in {worker} (pid {os.getpid()}) at t={started:.2f} s")
    lesson("task-start", task=task, pid=os.getpid(), t=started)
    time.sleep(task_seconds)
    ended = time.monotonic() - t0
    say(f"task {task} ends   in {worker} (pid {os.getpid()}) at t={ended:.2f} s")
    lesson("task-end", task=task, pid=os.getpid(), t=ended)
    return task, os.getpid(), started, ended


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pool: four workers, five tasks")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each task")
    parser.add_argument("--workers", type=int, default=4, help="pool size")
    parser.add_argument("--tasks", type=int, default=5, help="number of tasks")
    parser.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        default=DEFAULT_START_METHOD,
        help=f"how workers are created (default here: {DEFAULT_START_METHOD})",
    )
    args = parser.parse_args(argv)

    ctx = multiprocessing.get_context(args.start_method)
    t0 = time.monotonic()
    say(f"Python {sys.version.split()[0]} on {sys.platform}; parent pid {os.getpid()}")
    say(f"start method: {ctx.get_start_method()}; os.cpu_count() = {os.cpu_count()}")
    say(f"Pool({args.workers}) gets {args.tasks} tasks of {args.seconds:g} s each")

    pool: multiprocessing.pool.Pool | None = None
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        with stop_signals_held():
            # initializer runs once in each worker. Without it, a forked worker would keep the
            # parent's "SIGTERM -> KeyboardInterrupt" handler and print a traceback when the
            # pool is terminated.
            pool = ctx.Pool(processes=args.workers, initializer=quiet_child_signals)
        # The pool's bookkeeping runs in threads of *this* process.
        names = [thread.name for thread in threading.enumerate()]
        say(f"the parent now has {len(names)} threads: {', '.join(names)}")
        lesson("parent-threads", count=len(names))
        pending = [
            pool.apply_async(long_task, (task, args.seconds, t0)) for task in range(args.tasks)
        ]
        say("all tasks handed to the pool; waiting for results")
        # close(): no more tasks will come, so the workers may exit once the queue is empty.
        pool.close()
        results = [item.get() for item in pending]
        pool.join()
    except KeyboardInterrupt:
        if pool is not None:
            # terminate() stops the workers at once (SIGTERM); join() waits until they are gone.
            pool.terminate()
            pool.join()
        for child in multiprocessing.active_children():  # a pool stopped while starting up
            child.terminate()
            child.join()
        say("result: interrupted; pool terminated and joined")
        return 130

    elapsed = time.monotonic() - t0
    pids = sorted({pid for _, pid, _, _ in results})
    say(f"all {len(results)} tasks done after {elapsed:.1f} s")
    first_round = {pid: task for task, pid, _, _ in results[: args.workers]}
    for task, pid, started, _ in results[args.workers :]:
        reused = (
            f"pid {pid} had already run task {first_round[pid]}"
            if pid in first_round
            else f"pid {pid}"
        )
        say(f"task {task} had to wait: it started at t={started:.2f} s and {reused}")
    lesson("result", tasks=len(results), elapsed_s=elapsed, worker_pids=len(pids))
    say(f"result: {len(results)} tasks in {elapsed:.1f} s on {len(pids)} worker PIDs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
