#!/usr/bin/env python3
"""asyncio: a thousand waits on one thread

Order: 12
Teaches:
    Waiting does not need a thread. With asyncio, each wait is a coroutine that says "wake me
    when this is ready" and hands control back to an event loop; one OS thread runs the loop
    and resumes whichever coroutine's wait is over. Here 1,000 tasks each await
    asyncio.sleep(): they all finish together, after one wait's time, on a single thread,
    using almost no CPU.

    The same 1,000 waits with threads also finish together (waiting threads release the GIL),
    but it takes 1,000 OS threads: each has its own stack (virtual memory, mostly not touched),
    the kernel has to schedule all of them, and starting them costs real time. That is why
    servers that hold many idle connections use an event loop, and why the classic tutorial
    calls asynchronous IO the direction things are going. The catch: a coroutine that computes
    instead of awaiting blocks every other coroutine, since they all share the one thread.
    (asyncio.TaskGroup, used here, needs Python 3.11.)
Watch in ptop:
    Phase asyncio: one process with exactly one thread, asleep, 0 % CPU, even though 1,000
    tasks are waiting inside it. Phase threads: the same process suddenly has about 1,001
    threads (watch the thread count and the virtual memory column jump), all asleep; then
    they disappear together. CPU stays low in both phases.
Run:
    python scenarios/asyncio.py [--seconds 10] [--tasks 1000] [--threads 1000]
Sample output:
    [pid 2390 tid 2390] Python 3.11.7 on linux; pid 2390
    [pid 2390 tid 2390] every task or thread waits 5 s
    [pid 2390 tid 2390] [lesson] phase name=asyncio tasks=1000
    [pid 2390 tid 2390] phase asyncio: 1000 concurrent waits of 5 s
    [pid 2390 tid 2390] 1000 tasks are waiting; this process has 1 OS thread(s)
    [pid 2390 tid 2390] phase asyncio: 1000 waits done in 5.02 s, CPU 0.027 s
    [pid 2390 tid 2390] [lesson] phase-end name=asyncio elapsed_s=5.022 cpu_s=0.027 os_threads=1
    [pid 2390 tid 2390] [lesson] phase name=threads tasks=1000
    [pid 2390 tid 2390] phase threads: 1000 concurrent waits of 5 s
    [pid 2390 tid 2390] starting 1000 threads took 0.27 s
    [pid 2390 tid 2390] 1000 threads are waiting; this process has 1001 OS threads
    [pid 2390 tid 2390] phase threads: 1000 waits done in 5.34 s, CPU 0.598 s
    [pid 2390 tid 2390] [lesson] phase-end name=threads elapsed_s=5.344 cpu_s=0.598 os_threads=1001
    [pid 2390 tid 2390] result: 1000 asyncio waits took 5.02 s on 1 OS thread(s) (CPU 0.03 s); 1000
      thread waits took 5.34 s on 1001 OS threads (CPU 0.60 s)
Title (zh):
    asyncio：一个线程上的一千次等待
Teaches (zh):
    等待并不需要一个线程。在 asyncio 中，每次等待都是一个协程，它说“准备好了再叫醒我”，然后把控制权
    交还给事件循环；一个操作系统线程运行这个循环，哪个协程的等待结束了就恢复哪个。这里 1,000 个任务
    各自 await asyncio.sleep()：它们在一次等待的时间之后一起完成，只用一个线程，几乎不占 CPU。

    用线程做同样的 1,000 次等待也会一起完成（等待中的线程会释放 GIL），但需要 1,000 个操作系统线程：
    每个都有自己的栈（虚拟内存，大部分没有被真正使用），内核要调度它们所有人，启动它们也要花实实在在
    的时间。这就是为什么要维持大量空闲连接的服务器使用事件循环，也是经典教程称异步 IO 为发展方向的
    原因。代价是：一个只计算、不 await 的协程会挡住所有其他协程，因为它们共用这一个线程。
    （这里用到的 asyncio.TaskGroup 需要 Python 3.11。）
Watch in ptop (zh):
    asyncio 阶段：一个进程，只有一个线程，在睡眠，CPU 0 %，尽管里面有 1,000 个任务在等待。
    threads 阶段：同一个进程突然有大约 1,001 个线程（看线程数和虚拟内存列的跳变），全在睡眠；
    然后它们一起消失。两个阶段的 CPU 都很低。
"""

import os
import sys

# Python puts this script's folder first on sys.path, and this file is called asyncio.py: a
# plain `import asyncio` would import this very file again instead of the standard library's
# module. Take the folder off the path before importing anything else.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
# Child interpreters started with `python -c` (spawn, forkserver, the resource tracker) would
# put the current directory first instead; PYTHONSAFEPATH (Python 3.11+) tells them not to.
os.environ["PYTHONSAFEPATH"] = "1"

import argparse
import asyncio
import contextlib
import signal
import threading
import time
from types import FrameType


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


def os_thread_count() -> int:
    """How many threads the kernel says this process has (falls back to threading's count)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


# ---- Phase asyncio. -----------------------------------------------------------------------


def cancel_on_stop_signals() -> None:
    """Inside the event loop, turn Ctrl+C and SIGTERM into cancelling the main task.

    That is the asyncio way to stop: every `await` in the task (and in the tasks of its
    TaskGroup) raises CancelledError, so they all unwind cleanly. Raising KeyboardInterrupt
    from a plain signal handler could hit the loop between two steps of its own bookkeeping.
    """
    loop = asyncio.get_running_loop()
    main_task = asyncio.current_task()
    assert main_task is not None
    for signum in (signal.SIGTERM, signal.SIGINT):
        # Windows event loops cannot do this; there the KeyboardInterrupt handler stays.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, main_task.cancel)


async def many_waits(tasks: int, wait_s: float) -> int:
    """Start `tasks` sleeping tasks, count OS threads while they wait, wait for all."""
    cancel_on_stop_signals()
    async with asyncio.TaskGroup() as group:
        for number in range(tasks):
            group.create_task(asyncio.sleep(wait_s), name=f"wait-{number}")
        # Half-way through, every task is parked in the event loop. Count the threads now.
        await asyncio.sleep(wait_s / 2)
        threads_while_waiting = os_thread_count()
        say(f"{tasks} tasks are waiting; this process has {threads_while_waiting} OS thread(s)")
    # Leaving the `async with` block waits until every task in the group has finished.
    return threads_while_waiting


# ---- Phase threads. -----------------------------------------------------------------------


def threads_waits(count: int, wait_s: float) -> int:
    """Start `count` threads that each wait `wait_s`; count OS threads while they wait."""
    stop = threading.Event()
    # Event.wait(timeout) blocks exactly like time.sleep(), but a stop request can cut it short.
    threads = [
        threading.Thread(target=stop.wait, args=(wait_s,), name=f"Waiter-{n}")
        for n in range(1, count + 1)
    ]
    try:
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        say(f"starting {count} threads took {time.perf_counter() - started:.2f} s")
        time.sleep(max(0.0, wait_s / 2 - (time.perf_counter() - started)))
        threads_while_waiting = os_thread_count()
        say(f"{count} threads are waiting; this process has {threads_while_waiting} OS threads")
        for thread in threads:
            thread.join()
    finally:
        stop.set()
        for thread in threads:
            if thread.ident is not None:
                thread.join()
    return threads_while_waiting


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="asyncio: a thousand waits on one thread")
    parser.add_argument("--seconds", type=float, default=10.0, help="rough total time budget")
    parser.add_argument("--tasks", type=int, default=1000, help="asyncio tasks in phase asyncio")
    parser.add_argument("--threads", type=int, default=1000, help="threads in phase threads")
    args = parser.parse_args(argv)
    wait_s = args.seconds / 2  # each phase is one wait long
    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}")
    say(f"every task or thread waits {wait_s:g} s")

    results: dict[str, tuple[float, float, int]] = {}
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for phase, count in (("asyncio", args.tasks), ("threads", args.threads)):
            lesson("phase", name=phase, tasks=count)
            say(f"phase {phase}: {count} concurrent waits of {wait_s:g} s")
            t0, cpu0 = time.perf_counter(), time.process_time()
            if phase == "asyncio":
                try:
                    os_threads = asyncio.run(many_waits(count, wait_s))
                except asyncio.CancelledError:
                    raise KeyboardInterrupt from None  # cancelled by a stop request
                # Closing the loop removed its signal handlers; put ours back.
                stop_on_sigterm()
            else:
                os_threads = threads_waits(count, wait_s)
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            results[phase] = (elapsed, cpu, os_threads)
            say(f"phase {phase}: {count} waits done in {elapsed:.2f} s, CPU {cpu:.3f} s")
            lesson("phase-end", name=phase, elapsed_s=elapsed, cpu_s=cpu, os_threads=os_threads)
    except KeyboardInterrupt:
        say("result: interrupted; tasks cancelled and threads joined")
        return 130

    a_elapsed, a_cpu, a_threads = results["asyncio"]
    t_elapsed, t_cpu, t_threads = results["threads"]
    say(
        f"result: {args.tasks} asyncio waits took {a_elapsed:.2f} s on {a_threads} OS thread(s) "
        f"(CPU {a_cpu:.2f} s); {args.threads} thread waits took {t_elapsed:.2f} s on "
        f"{t_threads} OS threads (CPU {t_cpu:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
