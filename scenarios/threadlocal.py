#!/usr/bin/env python3
"""threading.local: one global name, one value per thread

Order: 9
Teaches:
    Sometimes every function a thread calls needs the same context (the current user, a
    connection). Passing it through every call is tedious, and a plain global fails: all
    threads would share and overwrite one value. threading.local() is one global object whose
    attributes are separate in every thread: Thread-A sets local_school.student = "Alice",
    Thread-B sets "Bob", and the functions they call each read their own thread's value. A
    thread that never set it (here the main thread) gets AttributeError. For asyncio code,
    where tasks share one thread, use contextvars instead.
Watch in ptop:
    One process, three threads (MainThread, Thread-A, Thread-B), asleep between their prints.
    The values themselves are invisible to a monitor: they are ordinary memory. The tid= in
    each "stores" line links a thread row to its student.
Run:
    python scenarios/threadlocal.py [--seconds 6] [--workers 2]
Sample output:
    Thread-A stores student=Alice · tid=32673
    Hello, Alice (in Thread-A)
    Thread-B stores student=Bob · tid=32674
    Hello, Bob (in Thread-B)
    ...
    Thread-A reads back student=Alice at the end
    the main thread reads local_school.student and finds nothing (AttributeError)
    result: 2 threads each saw only their own student through one threading.local, 6 rounds
Title (zh):
    threading.local：一个全局名字，每个线程一个值
Teaches (zh):
    有时一个线程调用的每个函数都需要同一份上下文（当前用户、一个连接）。一层层传参很繁琐，普通
    全局变量又不行：所有线程会共享并覆盖同一个值。threading.local() 是一个全局对象，它的属性在
    每个线程里各不相同：Thread-A 设置 local_school.student = "Alice"，Thread-B 设置 "Bob"，它们
    调用的函数各自读到自己线程的值。从没设置过的线程（这里是主线程）会得到 AttributeError。
    asyncio 代码里许多任务共用一个线程，应改用 contextvars。
Watch in ptop (zh):
    一个进程，三个线程（MainThread、Thread-A、Thread-B），在打印之间睡眠。这些值本身在监视器里
    看不到：它们只是普通内存。每行 “stores” 里的 tid= 把线程行和它的学生对应起来。
"""

import argparse
import signal
import sys
import threading
import time

local_school = threading.local()  # one global object, one set of attributes per thread


def process_student() -> None:
    """Reads the student without a parameter: each thread finds its own."""
    std = local_school.student
    say(f"Hello, {std} (in {threading.current_thread().name})")


def process_thread(name: str, rounds: int, interval: float) -> None:
    me = threading.current_thread().name
    local_school.student = name  # only this thread sees this value
    say(f"{me} stores student={name} · tid={threading.get_native_id()}")
    for _ in range(rounds):
        process_student()
        time.sleep(interval)
    say(f"{me} reads back student={local_school.student} at the end")


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    rounds = max(1, round(args.seconds))
    students = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank"]
    threads = [
        threading.Thread(
            target=process_thread,
            args=(students[n % 6], rounds, args.seconds / rounds),
            name=f"Thread-{chr(ord('A') + n)}",
        )
        for n in range(args.workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    try:  # the main thread never set local_school.student
        seen = local_school.student
    except AttributeError:
        seen = "nothing (AttributeError)"
    say(f"the main thread reads local_school.student and finds {seen}")
    say(
        f"result: {len(threads)} threads each saw only their own student through one"
        f" threading.local, {rounds} rounds"
    )
    return 0


# ---- plumbing you can skip ----


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=6.0, help="how long the threads run")
    parser.add_argument("--workers", type=int, default=2, help="number of student threads")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
