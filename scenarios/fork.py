#!/usr/bin/env python3
"""fork: one process becomes two

Order: 1
Teaches:
    os.fork() is called once and returns twice: in the parent it returns the new child's PID,
    in the child it returns 0. The child is a copy of the parent (same code, same variables,
    same open files) but it is a separate process with its own PID, and os.getppid() in the
    child gives the parent's PID. The parent should always collect the child with
    os.waitpid(): that is how it learns the child's exit code, and it keeps the child from
    being left as a zombie or, if the parent exits first, adopted by another process: PID 1,
    or the nearest "subreaper" (under ptop that is ptop-supervisor; on many desktops, systemd).

    Two things the classic tutorial does not tell you. First, the copy includes any text still
    waiting in the stdout buffer: when stdout is a pipe (as under ptop) a line printed before
    fork() can come out twice, so flush before forking. Second, only the thread that called
    fork() exists in the child. If other threads held a lock at that moment, the child may
    wait for it forever, so Python 3.12+ prints "DeprecationWarning: This process is
    multi-threaded, use of fork() may lead to deadlocks in the child." Run with --thread-first
    to start a helper thread before forking and see it (3.11 says nothing). os.fork() exists
    only on Unix; multiprocessing (next lesson) is the portable way.
Watch in ptop:
    Two rows with the same command line: the parent and, under it in the tree view, the child.
    Both are asleep (state S, 0 % CPU): the child in a sleep loop, the parent in waitpid().
    The child's PPID column is the parent's PID. With --thread-first the parent has 2 threads
    and the child only 1. When the child exits its row disappears and the parent reports the
    exit code.
Run:
    python scenarios/fork.py [--seconds 10] [--thread-first] [--exit-code 0]
Sample output:
    [pid 3298 tid 3298] Python 3.12.1 on linux; parent pid 3298, its own parent is 3296
    [pid 3298 tid 3298] started thread 'Helper' before forking: this process has 2 threads
    [pid 3298 tid 3298] fork() returned 3302 here: I am the parent and 3302 is my child
    [pid 3298 tid 3298] warning from fork(): DeprecationWarning: This process (pid=3298) is
      multi-threaded, use of fork() may lead to deadlocks in the child.
    [pid 3298 tid 3298] [lesson] fork-warning category=DeprecationWarning
    [pid 3298 tid 3298] waiting for child 3302 with os.waitpid()
    [pid 3302 tid 3302] fork() returned 0 here: I am the child 3302, my parent is 3298
    [pid 3302 tid 3302] [lesson] child pid=3302 ppid=3298
    [pid 3302 tid 3302] the child has 1 thread(s): only the thread that called fork() came along
    [pid 3302 tid 3302] child alive, 1 of 2 s
    [pid 3302 tid 3302] child alive, 2 of 2 s
    [pid 3302 tid 3302] child exits with code 0
    [pid 3298 tid 3298] child 3302 exited with code 0
    [pid 3298 tid 3298] [lesson] exit pid=3302 code=0
    [pid 3298 tid 3298] result: forked child 3302, it ran 2.0 s and exited with code 0
Title (zh):
    fork：一个进程变成两个
Teaches (zh):
    os.fork() 调用一次、返回两次：在父进程里返回新子进程的 PID，在子进程里返回 0。子进程是父进程的
    一份拷贝（同样的代码、变量和打开的文件），但它是一个独立的进程，有自己的 PID；在子进程里调用
    os.getppid() 得到父进程的 PID。父进程应当总是用 os.waitpid() 回收子进程：这样才能拿到子进程的
    退出码，也不会留下僵尸进程；如果父进程先退出，子进程会被别的进程收养：PID 1，
    或最近的 "subreaper"（在 ptop 下是 ptop-supervisor；在许多桌面系统上是 systemd）。

    经典教程没有提到两件事。第一，拷贝也包括 stdout 缓冲区里还没输出的文字：当 stdout 是管道时
    （在 ptop 里就是这样），fork() 之前打印的一行可能出现两次，所以 fork 之前要先 flush。第二，
    子进程里只有调用 fork() 的那个线程。如果别的线程当时正持有某个锁，子进程可能永远等下去，所以
    Python 3.12+ 会打印 “DeprecationWarning: This process is multi-threaded, use of fork() may
    lead to deadlocks in the child.”。加上 --thread-first 会在 fork 之前先启动一个辅助线程，就能
    看到这个警告（3.11 不会提示）。os.fork() 只在 Unix 上有；跨平台的做法是下一课的
    multiprocessing。
Watch in ptop (zh):
    两行命令行相同的进程：父进程，以及在树状视图中位于其下的子进程。两者都在睡眠
    （状态 S，CPU 0 %）：子进程在睡眠循环里，父进程在 waitpid() 里。子进程的 PPID 列就是
    父进程的 PID。使用 --thread-first 时父进程有 2 个线程，子进程只有 1 个。子进程退出后
    它那一行消失，父进程报告退出码。
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
import signal
import threading
import time
import warnings
from collections.abc import Iterator
from types import FrameType
from typing import NoReturn

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}  # the requests that stop a scenario


def say(text: str) -> None:
    """Print one line that starts with this process's PID and this thread's OS thread id."""
    # One write() per line: print() writes the text and the newline separately, and with two
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


def run_child(seconds: float, exit_code: int) -> int:
    """Everything the child does, returning its exit code."""
    say(f"fork() returned 0 here: I am the child {os.getpid()}, my parent is {os.getppid()}")
    lesson("child", pid=os.getpid(), ppid=os.getppid())
    say(
        f"the child has {threading.active_count()} thread(s): "
        "only the thread that called fork() came along"
    )
    # Sleep in one-second steps so there is something to watch in the monitor.
    whole_seconds = max(1, round(seconds))
    for second in range(1, whole_seconds + 1):
        time.sleep(seconds / whole_seconds)
        say(f"child alive, {second} of {whole_seconds} s")
    say(f"child exits with code {exit_code}")
    return exit_code


def child_exit(seconds: float, exit_code: int) -> NoReturn:
    """The child's whole life after fork(). It ends the process and never returns."""
    # os._exit() ends the child right here: it must never fall through into the parent's code
    # in main(), and it must not run the parent's atexit handlers a second time.
    code = 1
    try:
        quiet_child_signals()  # the parent's handlers came along with the copy
        code = run_child(seconds, exit_code)
    finally:
        sys.stdout.flush()
        os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="fork: one process becomes two")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long the child lives")
    parser.add_argument(
        "--thread-first",
        action="store_true",
        help="start a helper thread before fork() (Python 3.12+ then warns)",
    )
    parser.add_argument("--exit-code", type=int, default=0, help="exit code the child returns")
    args = parser.parse_args(argv)

    say(
        f"Python {sys.version.split()[0]} on {sys.platform}; "
        f"parent pid {os.getpid()}, its own parent is {os.getppid()}"
    )
    if not hasattr(os, "fork"):
        say("result: os.fork() does not exist on this platform; see the 'process' scenario")
        return 0

    helper_stop = threading.Event()
    helper: threading.Thread | None = None
    pid = 0
    started = time.monotonic()
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        if args.thread_first:
            # This thread only waits. It still makes the process multi-threaded at fork() time.
            helper = threading.Thread(target=helper_stop.wait, name="Helper")
            helper.start()
            count = threading.active_count()
            say(f"started thread 'Helper' before forking: this process has {count} threads")

        # Anything still buffered in sys.stdout would be copied into the child and printed
        # twice. say() already flushes after every line; this flush makes the rule visible.
        sys.stdout.flush()
        with stop_signals_held():
            with warnings.catch_warnings(record=True) as caught:
                # Record the 3.12+ warning so it can be shown on stdout with the other lines.
                warnings.simplefilter("always", DeprecationWarning)
                pid = os.fork()
            if pid == 0:
                child_exit(args.seconds, args.exit_code)

        # Only the parent gets here.
        say(f"fork() returned {pid} here: I am the parent and {pid} is my child")
        for warning in caught:
            say(f"warning from fork(): {warning.category.__name__}: {warning.message}")
            lesson("fork-warning", category=warning.category.__name__)
        if args.thread_first and not caught:
            say("no warning from fork(): before 3.12 Python forks a threaded process silently")

        say(f"waiting for child {pid} with os.waitpid()")
        _, status = os.waitpid(pid, 0)
    except KeyboardInterrupt:
        # Stopped early: take the child down with us, and still collect it.
        if pid:
            os.kill(pid, signal.SIGTERM)
            _, status = os.waitpid(pid, 0)
        say("result: interrupted; the child was stopped and collected")
        return 130
    finally:
        helper_stop.set()
        if helper is not None:
            helper.join()

    code = os.waitstatus_to_exitcode(status)  # negative means "killed by that signal"
    elapsed = time.monotonic() - started
    say(f"child {pid} exited with code {code}")
    lesson("exit", pid=pid, code=code)
    say(f"result: forked child {pid}, it ran {elapsed:.1f} s and exited with code {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
