#!/usr/bin/env python3
"""threading.local: one global name, one value per thread

Order: 9
Teaches:
    Sometimes every function a thread calls needs the same piece of context (the current
    user, a database connection, a request). Passing it as an argument through every call is
    tedious, and a plain global does not work, because all threads would share, and overwrite,
    the same value. threading.local() is the middle way: one global object whose attributes
    are separate for every thread. Thread-A sets `context.student = "Alice"`, Thread-B sets
    `context.student = "Bob"`, and the functions they call read `context.student` without any
    parameter and each sees its own thread's value. A thread that never set it (here the main
    thread) gets AttributeError. The values disappear when their thread ends.

    Under the hood this is the "global dict keyed by the current thread" you could write
    yourself, with the lookups and clean-up done for you. For asyncio code, where many tasks
    share one thread, use contextvars instead: threading.local would be shared by all tasks.
Watch in ptop:
    One process with three threads (MainThread, Thread-A, Thread-B), all asleep between their
    once-a-second prints. Nothing in the monitor shows the thread-local values: they live in
    the process's memory like any other object. The [pid N tid M] prefix is the link: lines
    from the same tid always name the same student.
Run:
    python scenarios/threadlocal.py [--seconds 6] [--workers 2]
Sample output:
    [pid 32672 tid 32672] Python 3.11.7 on linux; pid 32672
    [pid 32672 tid 32673] [lesson] thread-start name=Thread-A tid=32673 student=Alice
    [pid 32672 tid 32673] Hello, Alice (in Thread-A)
    [pid 32672 tid 32673] Alice has grades [10]
    [pid 32672 tid 32674] [lesson] thread-start name=Thread-B tid=32674 student=Bob
    [pid 32672 tid 32674] Hello, Bob (in Thread-B)
    [pid 32672 tid 32674] Bob has grades [10]
    [pid 32672 tid 32674] Hello, Bob (in Thread-B)
    [pid 32672 tid 32674] Bob has grades [10, 20]
    [pid 32672 tid 32673] Hello, Alice (in Thread-A)
    [pid 32672 tid 32673] Alice has grades [10, 20]
    ...
    [pid 32672 tid 32673] Hello, Alice (in Thread-A)
    [pid 32672 tid 32673] Alice has grades [10, 20, 30, 40, 50, 60]
    [pid 32672 tid 32674] [lesson] thread-end name=Thread-B student=Bob
    [pid 32672 tid 32673] [lesson] thread-end name=Thread-A student=Alice
    [pid 32672 tid 32672] the main thread reads context.student and finds nothing (AttributeError)
    [pid 32672 tid 32672] result: 2 threads each saw only their own student through one global
      threading.local, 6 rounds in 6.0 s
Title (zh):
    threading.local：一个全局名字，每个线程一个值
Teaches (zh):
    有时一个线程调用的每个函数都需要同一份上下文（当前用户、数据库连接、一次请求）。把它作为参数
    一层层传下去很繁琐，而普通的全局变量又不行，因为所有线程会共享并互相覆盖同一个值。
    threading.local() 是折中的办法：一个全局对象，它的属性对每个线程是分开的。Thread-A 设置
    `context.student = "Alice"`，Thread-B 设置 `context.student = "Bob"`，它们调用的函数不需要
    任何参数就能读取 `context.student`，而且各自看到的是自己线程的值。从没设置过它的线程（这里是
    主线程）会得到 AttributeError。线程结束时，它的值也随之消失。

    本质上这就是你自己也能写出来的 “以当前线程为键的全局字典”，只是查找和清理都替你做好了。
    对于 asyncio 代码，许多任务共用一个线程，应当改用 contextvars：threading.local 会被
    所有任务共享。
Watch in ptop (zh):
    一个进程，三个线程（MainThread、Thread-A、Thread-B），在每秒一次的打印之间都在睡眠。监视器里
    看不到线程局部的值：它们和其他对象一样存放在进程的内存里。[pid N tid M] 前缀是其中的联系：
    同一个 tid 的行总是报出同一个学生的名字。
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
import signal
import threading
import time
from types import FrameType

STUDENTS = ("Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi")

# One global object. Every thread that stores an attribute on it gets its own private copy.
context = threading.local()


def say(text: str) -> None:
    """Print one line that starts with this process's PID and this thread's OS thread id."""
    # One write() per line: print() writes the text and the newline separately, and another
    # thread's line could slip in between them (Alice's greeting glued to Bob's).
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


# These two functions take no parameters: they find "their" student through `context`.


def greet() -> None:
    say(f"Hello, {context.student} (in {threading.current_thread().name})")


def grade(round_number: int) -> None:
    context.grades.append(round_number * 10)
    say(f"{context.student} has grades {context.grades}")


def student_thread(student: str, rounds: int, interval: float, stop: threading.Event) -> None:
    """Bind this thread's values once, then call functions that read them."""
    lesson(
        "thread-start",
        name=threading.current_thread().name,
        tid=threading.get_native_id(),
        student=student,
    )
    context.student = student  # only this thread sees this value
    context.grades = []
    for round_number in range(1, rounds + 1):
        greet()
        grade(round_number)
        if stop.wait(interval):
            break
    lesson("thread-end", name=threading.current_thread().name, student=context.student)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="threading.local: one value per thread")
    parser.add_argument("--seconds", type=float, default=6.0, help="how long the threads run")
    parser.add_argument("--workers", type=int, default=2, help="number of student threads")
    args = parser.parse_args(argv)
    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}")

    rounds = max(1, round(args.seconds))
    interval = args.seconds / rounds
    names = [f"Thread-{chr(ord('A') + n)}" for n in range(args.workers)]
    students = [STUDENTS[n % len(STUDENTS)] for n in range(args.workers)]
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=student_thread, args=(student, rounds, interval, stop), name=thread_name
        )
        for thread_name, student in zip(names, students, strict=True)
    ]
    started = time.monotonic()
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        stop.set()
        for thread in threads:
            if thread.ident is not None:
                thread.join()
        say("result: interrupted; all threads joined")
        return 130

    # The main thread never set context.student, so it has no value of its own.
    try:
        seen = context.student
    except AttributeError:
        seen = "nothing (AttributeError)"
    say(f"the main thread reads context.student and finds {seen}")
    elapsed = time.monotonic() - started
    say(
        f"result: {len(threads)} threads each saw only their own student through one global "
        f"threading.local, {rounds} rounds in {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
