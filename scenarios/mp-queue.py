#!/usr/bin/env python3
"""Queue: a writer process and a reader process

Name: queue
Order: 5
Teaches:
    Processes share no memory; they talk through the operating system. A
    multiprocessing.Queue is a pipe plus a lock that looks like queue.Queue: one process put()s
    Python objects (pickled on the way), another get()s them. Two things the code does not
    show: the first put() starts a thread in the writer, QueueFeederThread, which does the
    pickling and writing; and a reader with nothing to read blocks in get() using no CPU.
    The reader loops forever, so, as in the classic tutorial, the parent ends it with
    terminate() (SIGTERM: exitcode -15). That is only safe because nobody uses the queue
    afterwards; the clean way is a sentinel value that tells the reader to return (--stop
    sentinel: exitcode 0).
Watch in ptop:
    The parent (in join()), the writer and the reader. Show the writer's threads: a second
    one, QueueFeederThread, appears right after its first put(). The reader stays in S at 0 %
    CPU between items: blocked, not polling. At the end it goes with exitcode -15.
Run:
    python scenarios/mp-queue.py [--seconds 8] [--items 8] [--stop terminate|sentinel]
Sample output:
    started Writer as pid 31891 and Reader as pid 31892 · parent pid=31890
    writer put 1
    after its first put() the writer has 2 threads: MainThread, QueueFeederThread
    reader got 1
    ...
    Writer exited · pid=31891 code=0
    the queue is empty: terminate() the reader (SIGTERM)
    Reader exited · pid=31892 code=-15
    result: 8 items sent in 8.2 s; reader stopped by terminate, exitcode -15
Title (zh):
    Queue：一个写进程和一个读进程
Teaches (zh):
    进程之间不共享内存，要通过操作系统通信。multiprocessing.Queue 是一根管道加一把锁，用起来像
    queue.Queue：一个进程 put() Python 对象（途中被 pickle），另一个 get()。代码里看不到两件事：
    第一次 put() 会在写进程里启动 QueueFeederThread 线程，由它 pickle 并写入；没有数据时读进程阻塞
    在 get() 里，不占 CPU。读进程永远循环，所以像经典教程那样，由父进程用 terminate() 结束它
    （SIGTERM：exitcode -15）。这只在之后没人再用这个队列时才安全；干净的做法是用哨兵值让读进程
    自己返回（--stop sentinel：exitcode 0）。
Watch in ptop (zh):
    父进程（在 join() 里）、写进程和读进程。查看写进程的线程：第一次 put() 之后马上多出
    QueueFeederThread。两次数据之间读进程处于 S、CPU 0 %：是阻塞，不是轮询。最后它以 exitcode -15
    结束。
"""

import argparse
import os
import signal
import sys
import threading
import time
from multiprocessing import Process, Queue

SENTINEL = None


def write(q: Queue, items: int, interval: float) -> None:
    """The writer process: put 1 .. items, one every `interval` seconds."""
    for item in range(1, items + 1):
        say(f"writer put {item}")
        q.put(item)
        if item == 1:  # put() has just started the thread that really writes into the pipe
            names = ", ".join(thread.name for thread in threading.enumerate())
            say(f"after its first put() the writer has {threading.active_count()} threads: {names}")
        time.sleep(interval)


def read(q: Queue) -> None:
    """The reader process: get() until the sentinel comes (or until it is terminated)."""
    while (item := q.get()) is not SENTINEL:  # get() blocks, using no CPU, until data arrives
        say(f"reader got {item}")
    say("the reader got the sentinel and returns")


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    started = time.monotonic()
    q: Queue = Queue()
    pw = Process(target=write, args=(q, args.items, args.seconds / args.items), name="Writer")
    pr = Process(target=read, args=(q,), name="Reader")
    pw.start()
    pr.start()
    say(f"started Writer as pid {pw.pid} and Reader as pid {pr.pid} · parent pid={os.getpid()}")
    pw.join()
    say(f"Writer exited · pid={pw.pid} code={pw.exitcode}")
    if args.stop == "sentinel":
        q.put(SENTINEL)
    else:
        while not q.empty() and pr.is_alive():  # let the reader take the last item first
            time.sleep(0.05)
        time.sleep(0.2)
        say("the queue is empty: terminate() the reader (SIGTERM)")
        pr.terminate()
    pr.join()
    say(f"Reader exited · pid={pr.pid} code={pr.exitcode}")
    elapsed = time.monotonic() - started
    say(
        f"result: {args.items} items sent in {elapsed:.1f} s;"
        f" reader stopped by {args.stop}, exitcode {pr.exitcode}"
    )
    return 0


# ---- plumbing you can skip ----


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=8.0, help="how long the writer writes")
    parser.add_argument("--items", type=int, default=8, help="how many numbers to send")
    parser.add_argument("--stop", choices=["terminate", "sentinel"], default="terminate")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
