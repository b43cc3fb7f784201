#!/usr/bin/env python3
"""Threads: named threads inside one process

Order: 6
Teaches:
    A thread is a second line of execution inside the same process: same PID, same memory,
    its own stack. threading.Thread(target=..., name=...) creates one, start() runs it,
    join() waits for it. threading.current_thread() tells the running code which thread it is
    in; every program starts in one called MainThread. Each thread also has a number the
    operating system knows it by, threading.get_native_id(), which is the TID (on Linux the
    main thread's TID equals the PID). The [pid N tid M] prefix on each line below shows both.

    Give threads names. Without name=, Python calls them "Thread-1 (loop)" (since 3.10 the
    target's name is added in brackets; the classic tutorial shows plain "Thread-1"). The
    operating system has its own, separate thread name, at most 15 bytes, which is what tools
    like top, htop and ptop display. Python copies Thread.name into it only from 3.14; on
    3.11-3.13 every thread is called after the interpreter ("python3"). This script copies the
    name itself with prctl(PR_SET_NAME) on Linux (turn that off with --no-os-names to see the
    default; when ptop starts a scenario, its launcher names the threads anyway) and prints the
    name the kernel reports for each thread.
Watch in ptop:
    One process with 4 threads: the main thread plus LoopThread, Thread-A and Thread-B. Each
    thread's TID matches the tid in its output lines, and its name matches the Python name.
    All four are asleep (S, 0 % CPU): they wake once a second to print and sleep again.
Run:
    python scenarios/threads.py [--seconds 8] [--no-os-names]
Sample output:
    [pid 32017 tid 32017] Python 3.11.7 on linux; pid 32017
    [pid 32017 tid 32017] this is 'MainThread' (is main_thread(): True); TID 32017 = PID
    [pid 32017 tid 32017] the OS calls the main thread 'python'
    [pid 32017 tid 32017] a Thread created without name= would be called 'Thread-1 (loop)'
    [pid 32017 tid 32018] [lesson] thread-start name=LoopThread tid=32018
    [pid 32017 tid 32019] [lesson] thread-start name=Thread-A tid=32019
    [pid 32017 tid 32018] I am 'LoopThread', round 1 of 8; the OS calls me 'LoopThread'
    [pid 32017 tid 32020] [lesson] thread-start name=Thread-B tid=32020
    [pid 32017 tid 32017] started 3 threads; threading.active_count() = 4
    [pid 32017 tid 32020] I am 'Thread-B', round 1 of 8; the OS calls me 'Thread-B'
    [pid 32017 tid 32019] I am 'Thread-A', round 1 of 8; the OS calls me 'Thread-A'
    [pid 32017 tid 32018] I am 'LoopThread', round 2 of 8; the OS calls me 'LoopThread'
    [pid 32017 tid 32019] I am 'Thread-A', round 2 of 8; the OS calls me 'Thread-A'
    [pid 32017 tid 32020] I am 'Thread-B', round 2 of 8; the OS calls me 'Thread-B'
    ...
    [pid 32017 tid 32018] I am 'LoopThread', round 8 of 8; the OS calls me 'LoopThread'
    [pid 32017 tid 32019] I am 'Thread-A', round 8 of 8; the OS calls me 'Thread-A'
    [pid 32017 tid 32020] I am 'Thread-B', round 8 of 8; the OS calls me 'Thread-B'
    [pid 32017 tid 32018] [lesson] thread-end name=LoopThread
    [pid 32017 tid 32020] [lesson] thread-end name=Thread-B
    [pid 32017 tid 32019] [lesson] thread-end name=Thread-A
    [pid 32017 tid 32017] result: 3 named threads ran 8 rounds each in 8.0 s, all in pid 32017
Title (zh):
    线程：一个进程里的具名线程
Teaches (zh):
    线程是同一个进程里的第二条执行路线：同一个 PID、同一块内存，但有自己的栈。
    threading.Thread(target=..., name=...) 创建线程，start() 运行它，join() 等它结束。
    threading.current_thread() 告诉正在运行的代码它在哪个线程里；每个程序都从名为 MainThread 的
    线程开始。每个线程还有一个操作系统认识的编号 threading.get_native_id()，也就是 TID（在 Linux
    上主线程的 TID 等于 PID）。下面每行开头的 [pid N tid M] 同时显示了两者。

    给线程起名字。不写 name= 时，Python 把它叫做 “Thread-1 (loop)”（从 3.10 起会在括号里加上
    target 的名字；经典教程显示的是单纯的 “Thread-1”）。操作系统另有一个独立的线程名，最多 15 个
    字节，top、htop 和 ptop 显示的就是它。Python 直到 3.14 才把 Thread.name 复制过去；在
    3.11-3.13 上每个线程都叫解释器的名字（“python3”）。本脚本在 Linux 上用 prctl(PR_SET_NAME)
    自己复制名字（用 --no-os-names 关掉，就能看到默认情况；由 ptop 启动场景时，它的启动器反正会
    给线程命名），并打印内核报告的每个线程的名字。
Watch in ptop (zh):
    一个进程，4 个线程：主线程加上 LoopThread、Thread-A 和 Thread-B。每个线程的 TID 与它输出行里的
    tid 一致，名字与 Python 里的名字一致。四个线程都在睡眠（S，CPU 0 %）：每秒醒来打印一次，
    然后继续睡。
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
import ctypes
import signal
import threading
import time
from types import FrameType

PR_SET_NAME = 15  # from <linux/prctl.h>: set the calling thread's name
OS_NAME_MAX_BYTES = 15  # the kernel keeps 15 bytes plus a terminating zero


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


def name_os_thread(name: str) -> None:
    """Copy `name` into the calling thread's OS name (what /proc/PID/task/TID/comm shows)."""
    # Python 3.14+ does this by itself, and prctl() exists only on Linux.
    if sys.version_info >= (3, 14) or not sys.platform.startswith("linux"):
        return
    raw = name.encode("utf-8")[:OS_NAME_MAX_BYTES]
    raw = raw.decode("utf-8", "ignore").encode("utf-8")  # don't keep half a character
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library this process already uses
        libc.prctl(PR_SET_NAME, ctypes.c_char_p(raw), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no prctl here: the OS name just stays the interpreter's


def os_thread_name() -> str:
    """The kernel's name for the calling thread, or '?' where /proc does not exist."""
    path = f"/proc/self/task/{threading.get_native_id()}/comm"
    try:
        with open(path, encoding="utf-8", errors="replace") as comm:
            return comm.read().strip()
    except OSError:
        return "?"


def loop(rounds: int, interval: float, stop: threading.Event, set_os_name: bool) -> None:
    """What every worker thread runs: print who it is, then sleep, `rounds` times."""
    me = threading.current_thread()
    if set_os_name:
        name_os_thread(me.name)
    lesson("thread-start", name=me.name, tid=threading.get_native_id())
    for number in range(1, rounds + 1):
        say(f"I am {me.name!r}, round {number} of {rounds}; the OS calls me {os_thread_name()!r}")
        if stop.wait(interval):  # sleeps like time.sleep(), but wakes early when asked to stop
            break
    lesson("thread-end", name=me.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Threads: named threads inside one process")
    parser.add_argument("--seconds", type=float, default=8.0, help="how long the threads run")
    parser.add_argument(
        "--no-os-names",
        action="store_true",
        help="don't copy Thread.name into the OS thread name (see what 3.11-3.13 show)",
    )
    args = parser.parse_args(argv)
    set_os_name = not args.no_os_names

    started = time.monotonic()
    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}")
    main_thread = threading.current_thread()
    say(
        f"this is {main_thread.name!r} (is main_thread(): "
        f"{main_thread is threading.main_thread()}); TID {threading.get_native_id()} = PID"
    )
    say(f"the OS calls the main thread {os_thread_name()!r}")
    unnamed = threading.Thread(target=loop)  # never started: only here to show the default name
    say(f"a Thread created without name= would be called {unnamed.name!r}")

    rounds = max(1, round(args.seconds))
    interval = args.seconds / rounds
    stop = threading.Event()
    workers = [
        threading.Thread(target=loop, args=(rounds, interval, stop, set_os_name), name=name)
        for name in ("LoopThread", "Thread-A", "Thread-B")
    ]
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for worker in workers:
            worker.start()
        say(
            f"started {len(workers)} threads; threading.active_count() = {threading.active_count()}"
        )
        for worker in workers:
            worker.join()
    except KeyboardInterrupt:
        stop.set()
        for worker in workers:
            if worker.ident is not None:
                worker.join()
        say("result: interrupted; all threads joined")
        return 130

    elapsed = time.monotonic() - started
    say(
        f"result: {len(workers)} named threads ran {rounds} rounds each in {elapsed:.1f} s, "
        f"all in pid {os.getpid()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
