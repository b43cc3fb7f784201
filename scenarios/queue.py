#!/usr/bin/env python3
"""Queue: a writer process and a reader process

Order: 5
Teaches:
    Processes do not share memory, so they talk through the operating system. A
    multiprocessing.Queue is a pipe plus a lock, made to look like queue.Queue: one process
    put()s Python objects (pickled on the way), another get()s them. Here the parent creates the
    queue and hands it to two children, a writer that puts one number about every second and a
    reader that loops on get().

    Two things happen that you cannot see in the code. put() does not write to the pipe
    itself: the first put() starts a background thread in the writer, QueueFeederThread, which
    does the pickling and writing, and when the writer exits it waits for that thread to
    finish. And a reader with nothing to read is not busy: get() blocks inside a system call
    until data arrives, using no CPU.

    The reader loops forever, so someone has to stop it. By default this scenario does what the
    classic tutorial does: once the writer is done and the queue is empty, the parent calls
    terminate() on the reader, which sends SIGTERM, and the reader's exitcode is -15 (killed by
    signal 15). That is only acceptable because nobody uses the queue afterwards: a process
    killed in the middle of get() can leave the queue broken. The clean way is a sentinel, a
    special value (here None) that tells the reader to return; try --stop sentinel, and the
    reader then ends with exitcode 0.
Watch in ptop:
    Three processes: the parent (waiting in join()), the writer and the reader. Show threads
    for the writer: it starts with one thread and gets a second one, QueueFeederThread, right
    after its first put(). The reader stays in state S at 0 % CPU between items: blocked in
    get(), not polling. At the end the reader disappears with exitcode -15 (or 0 with
    --stop sentinel).
Run:
    python scenarios/queue.py [--seconds 8] [--items 8] [--stop terminate|sentinel]
Sample output:
    [pid 31890 tid 31890] Python 3.11.7 on linux; parent pid 31890
    [pid 31890 tid 31890] start method: fork; the reader will be stopped by terminate
    [pid 31890 tid 31890] started Writer as pid 31891 and Reader as pid 31892
    [pid 31891 tid 31891] writer starts with 1 thread(s)
    [pid 31891 tid 31891] put 1
    [pid 31891 tid 31891] [lesson] put item=1
    [pid 31891 tid 31891] after the first put() the writer has 2 threads: MainThread,
      QueueFeederThread
    [pid 31891 tid 31891] [lesson] writer-threads count=2
    [pid 31892 tid 31892] reader starts and blocks in get()
    [pid 31892 tid 31892] got 1
    [pid 31892 tid 31892] [lesson] get item=1
    [pid 31891 tid 31891] put 2
    [pid 31891 tid 31891] [lesson] put item=2
    [pid 31892 tid 31892] got 2
    [pid 31892 tid 31892] [lesson] get item=2
    ...
    [pid 31891 tid 31891] put 8
    [pid 31891 tid 31891] [lesson] put item=8
    [pid 31892 tid 31892] got 8
    [pid 31892 tid 31892] [lesson] get item=8
    [pid 31891 tid 31891] writer done; on exit it waits for QueueFeederThread to flush the pipe
    [pid 31890 tid 31890] Writer joined, exitcode 0
    [pid 31890 tid 31890] [lesson] exit pid=31891 code=0
    [pid 31890 tid 31890] queue is empty; terminating Reader (pid 31892) with SIGTERM
    [pid 31890 tid 31890] Reader joined, exitcode -15
    [pid 31890 tid 31890] [lesson] exit pid=31892 code=-15
    [pid 31890 tid 31890] result: 8 items sent in 8.2 s; reader stopped by terminate, exitcode -15
Title (zh):
    Queue：一个写进程和一个读进程
Teaches (zh):
    进程之间不共享内存，所以它们要通过操作系统来通信。multiprocessing.Queue 是一根管道加一把锁，
    用起来像 queue.Queue：一个进程 put() Python 对象（途中会被 pickle），另一个进程 get() 取出。
    这里由父进程创建队列并交给两个子进程：一个写进程，大约每秒放入一个数字；一个读进程，循环调用
    get()。

    有两件事在代码里看不到。put() 自己并不写管道：第一次 put() 会在写进程里启动一个后台线程
    QueueFeederThread，由它负责 pickle 和写入；写进程退出时会等这个线程做完。另外，一个没有数据可读
    的读进程并不忙碌：get() 阻塞在系统调用里直到数据到来，不占用 CPU。

    读进程永远循环，所以必须有人让它停下。默认情况下本场景按经典教程的做法：写进程结束、队列清空
    之后，父进程对读进程调用 terminate()，也就是发送 SIGTERM，读进程的 exitcode 是 -15（被 15 号
    信号杀死）。这样做之所以可以接受，只是因为之后没有人再用这个队列：一个在 get() 中途被杀死的进程
    可能让队列损坏。干净的做法是哨兵：一个特殊值（这里是 None），告诉读进程该返回了；试试
    --stop sentinel，此时读进程以 exitcode 0 结束。
Watch in ptop (zh):
    三个进程：父进程（在 join() 里等待）、写进程和读进程。查看写进程的线程：开始时只有一个线程，
    第一次 put() 之后立刻多出第二个线程 QueueFeederThread。两次数据之间，读进程一直处于 S 状态、
    CPU 0 %：它阻塞在 get() 里，而不是在轮询。最后读进程消失，exitcode 为 -15（使用
    --stop sentinel 时为 0）。
"""

# multiprocessing.queues.Queue[int] is only a type for checkers; postpone evaluating annotations.
from __future__ import annotations

import os
import sys

# Python puts this script's folder first on sys.path, and this file is called queue.py: the
# standard library's own `import queue` (inside multiprocessing) would load this very file
# instead of the real module. Take the folder off the path before importing anything else.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
# Child interpreters started with `python -c` (spawn, forkserver, the resource tracker) would
# put the current directory first instead; PYTHONSAFEPATH (Python 3.11+) tells them not to.
os.environ["PYTHONSAFEPATH"] = "1"

import argparse
import contextlib
import multiprocessing
import multiprocessing.queues
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

DEFAULT_START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
SENTINEL = None  # the value that tells the reader to stop, in --stop sentinel mode
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}  # the requests that stop a scenario


def say(text: str) -> None:
    """Print one line that starts with this process's PID and this thread's OS thread id."""
    # One write() per line: print() writes the text and the newline separately, and with three
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


def write(queue: multiprocessing.queues.Queue[int | None], items: int, interval: float) -> None:
    """The writer process: put 1..items, one every `interval` seconds."""
    quiet_child_signals()
    say(f"writer starts with {threading.active_count()} thread(s)")
    for item in range(1, items + 1):
        say(f"put {item}")
        lesson("put", item=item)
        queue.put(item)
        if item == 1:
            # put() has just started the feeder thread that really writes into the pipe.
            names = [thread.name for thread in threading.enumerate()]
            say(f"after the first put() the writer has {len(names)} threads: {', '.join(names)}")
            lesson("writer-threads", count=len(names))
        time.sleep(interval)
    say("writer done; on exit it waits for QueueFeederThread to flush the pipe")


def read(queue: multiprocessing.queues.Queue[int | None]) -> None:
    """The reader process: loop on get() until it sees the sentinel (or is terminated)."""
    quiet_child_signals()
    say("reader starts and blocks in get()")
    while True:
        item = queue.get()  # blocks, using no CPU, until something arrives
        if item is SENTINEL:
            say("reader got the sentinel and returns")
            return
        say(f"got {item}")
        lesson("get", item=item)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Queue: a writer and a reader process")
    parser.add_argument("--seconds", type=float, default=8.0, help="how long the writer writes")
    parser.add_argument("--items", type=int, default=8, help="how many numbers to send")
    parser.add_argument(
        "--stop",
        choices=["terminate", "sentinel"],
        default="terminate",
        help="how the parent stops the reader (default: terminate, as in the classic tutorial)",
    )
    parser.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        default=DEFAULT_START_METHOD,
        help=f"how children are created (default here: {DEFAULT_START_METHOD})",
    )
    args = parser.parse_args(argv)

    ctx = multiprocessing.get_context(args.start_method)
    started = time.monotonic()
    say(f"Python {sys.version.split()[0]} on {sys.platform}; parent pid {os.getpid()}")
    say(f"start method: {ctx.get_start_method()}; the reader will be stopped by {args.stop}")

    queue: multiprocessing.queues.Queue[int | None] = ctx.Queue()
    interval = args.seconds / max(1, args.items)
    writer = ctx.Process(target=write, args=(queue, args.items, interval), name="Writer")
    reader = ctx.Process(target=read, args=(queue,), name="Reader")
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        with stop_signals_held():
            writer.start()
        with stop_signals_held():
            reader.start()
        say(f"started Writer as pid {writer.pid} and Reader as pid {reader.pid}")
        writer.join()
        say(f"Writer joined, exitcode {writer.exitcode}")
        lesson("exit", pid=writer.pid, code=writer.exitcode)
        if args.stop == "sentinel":
            queue.put(SENTINEL)
        else:
            # Give the reader a moment to take the last item, or terminate() would lose it.
            deadline = time.monotonic() + 2.0
            while not queue.empty() and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.2)
            say(f"queue is empty; terminating Reader (pid {reader.pid}) with SIGTERM")
            reader.terminate()
        reader.join()
        say(f"Reader joined, exitcode {reader.exitcode}")
        lesson("exit", pid=reader.pid, code=reader.exitcode)
    except KeyboardInterrupt:
        for child in (writer, reader):
            if child.pid is not None and child.is_alive():
                child.terminate()
        for child in (writer, reader):
            if child.pid is not None:
                child.join()
        say("result: interrupted; writer and reader terminated and joined")
        return 130
    finally:
        # Our own end of the queue: close it and wait for this process's feeder thread (the
        # sentinel put() above started one in the parent too).
        queue.close()
        queue.join_thread()

    elapsed = time.monotonic() - started
    say(
        f"result: {args.items} items sent in {elapsed:.1f} s; reader stopped by {args.stop}, "
        f"exitcode {reader.exitcode}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
