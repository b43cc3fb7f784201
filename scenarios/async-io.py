#!/usr/bin/env python3
"""asyncio: a thousand waits on one thread

Name: asyncio
Order: 12
Teaches:
    Waiting does not need a thread. In asyncio each wait is a coroutine that hands control
    back to an event loop until it is ready; one OS thread runs the loop. Here 1,000
    coroutines each await asyncio.sleep() and asyncio.gather() waits for them all: they
    finish together after one wait, on a single thread, with almost no CPU. The same 1,000
    waits in threads also finish together, but take 1,000 OS threads, each with a stack to
    keep and a start to pay for. That is why servers holding many idle connections use an
    event loop. The catch: a coroutine that computes instead of awaiting blocks all others.
Watch in ptop:
    Phase asyncio: one process with exactly one thread, asleep, 0 % CPU, while 1,000 tasks
    wait inside it. Phase threads: the thread count (and virtual memory) jumps to about
    1,001, all asleep, then they go together. CPU stays low in both.
Run:
    python scenarios/async-io.py [--seconds 10] [--tasks 1000] [--threads 1000]
Sample output:
    phase asyncio: 1000 concurrent waits of 5 s · tasks=1000
    1000 coroutines are waiting; this process has 1 OS thread
    phase asyncio done · elapsed=5.02s cpu=0.03s os_threads=1
    phase threads: 1000 concurrent waits of 5 s · tasks=1000
    1000 threads are waiting (starting them took 0.27 s); this process has 1001 OS threads
    phase threads done · elapsed=5.34s cpu=0.60s os_threads=1001
    result: 1000 asyncio waits took 5.02 s on one thread; 1000 thread waits took 5.34 s
Title (zh):
    asyncio：一个线程上的一千次等待
Teaches (zh):
    等待并不需要线程。在 asyncio 里每次等待都是一个协程，它把控制权交还给事件循环，直到准备好；
    一个操作系统线程运行这个循环。这里 1,000 个协程各自 await asyncio.sleep()，asyncio.gather()
    等它们全部完成：它们在一次等待之后一起结束，只用一个线程，几乎不占 CPU。用线程做同样的 1,000
    次等待也会一起结束，但需要 1,000 个操作系统线程，每个都要栈，启动也要花时间。所以维持大量空闲
    连接的服务器使用事件循环。代价是：一个只计算不 await 的协程会挡住所有其他协程。
Watch in ptop (zh):
    asyncio 阶段：一个进程恰好一个线程，在睡眠，CPU 0 %，尽管里面有 1,000 个任务在等待。threads
    阶段：线程数（和虚拟内存）跳到约 1,001，全在睡眠，然后一起消失。两个阶段 CPU 都很低。
"""

import argparse
import asyncio
import os
import signal
import sys
import threading
import time


async def wait(seconds: float) -> None:
    await asyncio.sleep(seconds)  # hands the thread back to the event loop meanwhile


async def many_waits(count: int, seconds: float) -> int:
    """Await `count` waits at once; return the OS threads counted while they wait."""
    waits = asyncio.gather(*(wait(seconds) for _ in range(count)))
    await asyncio.sleep(seconds / 2)
    threads = os_threads()
    say(f"{count} coroutines are waiting; this process has {threads} OS thread(s)")
    await waits
    return threads


def thread_waits(count: int, seconds: float) -> int:
    """The same waits, one thread each; return the OS threads counted while they wait."""
    t0 = time.perf_counter()
    threads = [
        threading.Thread(target=time.sleep, args=(seconds,), name=f"Waiter-{n}")
        for n in range(1, count + 1)
    ]
    for t in threads:
        t.start()
    started = time.perf_counter() - t0
    time.sleep(max(0.0, seconds / 2 - started))
    counted = os_threads()
    say(
        f"{count} threads are waiting (starting them took {started:.2f} s);"
        f" this process has {counted} OS threads"
    )
    for t in threads:
        t.join()
    return counted


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    seconds = args.seconds / 2  # each phase is one wait long
    took: dict[str, float] = {}
    for phase, count in (("asyncio", args.tasks), ("threads", args.threads)):
        say(f"phase {phase}: {count} concurrent waits of {seconds:g} s · tasks={count}")
        t0, cpu0 = time.perf_counter(), time.process_time()
        if phase == "asyncio":
            threads = asyncio.run(many_waits(count, seconds))
        else:
            threads = thread_waits(count, seconds)
        took[phase] = time.perf_counter() - t0
        say(
            f"phase {phase} done · elapsed={took[phase]:.2f}s"
            f" cpu={time.process_time() - cpu0:.2f}s os_threads={threads}"
        )
    say(
        f"result: {args.tasks} asyncio waits took {took['asyncio']:.2f} s on one thread;"
        f" {args.threads} thread waits took {took['threads']:.2f} s"
    )
    return 0


# ---- plumbing you can skip ----


def os_threads() -> int:
    """This process's OS threads, as the kernel counts them."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # no /proc: Python's own count
        return threading.active_count()


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=10.0, help="rough total time")
    parser.add_argument("--tasks", type=int, default=1000, help="coroutines in phase asyncio")
    parser.add_argument("--threads", type=int, default=1000, help="threads in phase threads")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
