#!/usr/bin/env python3
"""Threads: named threads inside one process

Order: 6
Teaches:
    A thread is a second line of execution in the same process: same PID, same memory, its
    own stack. threading.Thread(target=..., name=...) creates one, start() runs it, join()
    waits for it; current_thread() tells code which thread runs it (the first is MainThread).
    The OS knows each thread by its TID, threading.get_native_id() (the main thread's TID is
    the PID). Without name= Python says "Thread-1 (loop)" (3.10+; the classic tutorial shows
    "Thread-1"). The OS keeps its own thread name, at most 15 bytes, which top, htop and ptop
    show; Python sets it from Thread.name only from 3.14, so on 3.11-3.13 every thread is
    "python3". This script sets it itself with prctl (--no-os-names to see the default).
Watch in ptop:
    One process with 4 threads: main, LoopThread, Thread-A, Thread-B. Each TID matches the
    tid= in its "is running" line and each name the Python name. All asleep (S): they wake
    once a second to print.
Run:
    python scenarios/threads.py [--seconds 8] [--no-os-names]
Sample output:
    this is the main thread, MainThread · pid=32017 tid=32017; the OS calls it python3 (...)
    a Thread made without name= is called Thread-1 (loop)
    thread LoopThread is running · tid=32018
    thread LoopThread >>> 1; the OS calls it LoopThread
    ...
    thread Thread-B ended.
    result: 3 named threads ran 8 rounds each in 8.0 s, all in pid 32017
Title (zh):
    线程：一个进程里的具名线程
Teaches (zh):
    线程是同一进程里的另一条执行路线：同一个 PID、同一块内存，但有自己的栈。
    threading.Thread(target=..., name=...) 创建线程，start() 运行，join() 等待；current_thread()
    告诉代码自己在哪个线程里（第一个叫 MainThread）。操作系统用 TID（threading.get_native_id()）
    认识线程，主线程的 TID 等于 PID。不写 name= 时 Python 叫它 “Thread-1 (loop)”（3.10+；经典教程
    显示 “Thread-1”）。操作系统另有最多 15 字节的线程名，top、htop、ptop 显示的就是它；Python 从
    3.14 起才用 Thread.name 设置它，3.11-3.13 上每个线程都叫 “python3”。本脚本自己用 prctl 设置
    （--no-os-names 可看默认情况）。
Watch in ptop (zh):
    一个进程，4 个线程：主线程、LoopThread、Thread-A、Thread-B。每个 TID 与它 “is running” 行里的
    tid= 一致，名字与 Python 名字一致。都在睡眠（S）：每秒醒来打印一次。
"""

import argparse
import ctypes
import os
import signal
import sys
import threading
import time


def loop(rounds: int, interval: float, set_os_name: bool) -> None:
    """What every thread runs: say who it is, then sleep, `rounds` times."""
    name = threading.current_thread().name
    if set_os_name:
        name_os_thread(name)
    say(f"thread {name} is running · tid={threading.get_native_id()}")
    for n in range(1, rounds + 1):
        say(f"thread {name} >>> {n}; the OS calls it {os_thread_name()}")
        time.sleep(interval)
    say(f"thread {name} ended.")


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    started = time.monotonic()
    name, tid = threading.current_thread().name, threading.get_native_id()
    say(
        f"this is the main thread, {name} · pid={os.getpid()} tid={tid};"
        f" the OS calls it {os_thread_name()} (Python {sys.version.split()[0]})"
    )
    unnamed = threading.Thread(target=loop)  # never started: only here to show the default name
    say(f"a Thread made without name= is called {unnamed.name}")

    rounds = max(1, round(args.seconds))
    threads = [
        threading.Thread(
            target=loop, args=(rounds, args.seconds / rounds, not args.no_os_names), name=name
        )
        for name in ("LoopThread", "Thread-A", "Thread-B")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    say(
        f"result: {len(threads)} named threads ran {rounds} rounds each in {elapsed:.1f} s,"
        f" all in pid {os.getpid()}"
    )
    return 0


# ---- plumbing you can skip ----


def name_os_thread(name: str) -> None:
    """Set the OS name of the calling thread (15 bytes) as Python 3.14 does by itself."""
    if sys.version_info < (3, 14) and sys.platform.startswith("linux"):
        raw = name.encode()[:15].decode(errors="ignore").encode()  # no half characters
        ctypes.CDLL(None).prctl(15, ctypes.c_char_p(raw), 0, 0, 0)  # 15 = PR_SET_NAME


def os_thread_name() -> str:
    """The kernel's name for the calling thread ('?' without /proc)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return "?"


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=8.0, help="how long the threads run")
    parser.add_argument("--no-os-names", action="store_true", help="leave the OS names alone")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
