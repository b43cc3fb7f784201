#!/usr/bin/env python3
"""fork: one process becomes two

Order: 1
Teaches:
    os.fork() is called once and returns twice: the child's PID in the parent, 0 in the child.
    The child is a copy of the parent with its own PID; os.getppid() gives the parent's. The
    parent collects the child with os.waitpid() and so learns its exit code; a parent that
    exits first leaves the child to be adopted (by PID 1, or ptop-supervisor under ptop).
    Not in the classic tutorial: text still in the stdout buffer is copied too (flush before
    fork, or a line may print twice through a pipe), and only the calling thread exists in the
    child, so Python 3.12+ warns when a threaded process forks (try --thread-first).
Watch in ptop:
    Two rows with the same command line, the child under the parent, both asleep (S): the
    child in its sleep loop, the parent in waitpid(). The child's PPID is the parent's PID.
    With --thread-first the parent has 2 threads and the child 1.
Run:
    python scenarios/fork.py [--seconds 10] [--thread-first] [--exit-code 0]
Sample output:
    parent: I am pid 3298 (Python 3.12.1)
    parent: fork() returned 3302, the pid of my child
    parent: fork() warned: DeprecationWarning: This process (pid=3298) is multi-threaded, ...
    child: fork() returned 0 · pid=3302 ppid=3298, 1 thread
    child alive, 2 of 2 s
    child exited · pid=3302 code=0
    result: forked child 3302, it ran 2.0 s and exited with code 0
Title (zh):
    fork：一个进程变成两个
Teaches (zh):
    os.fork() 调用一次、返回两次：父进程里返回子进程的 PID，子进程里返回 0。子进程是父进程的
    拷贝，但有自己的 PID；os.getppid() 给出父进程的 PID。父进程用 os.waitpid() 回收子进程并拿到
    退出码；父进程若先退出，子进程会被收养（PID 1，在 ptop 下是 ptop-supervisor）。经典教程没说的：
    stdout 缓冲区里的文字也会被拷贝（fork 前要 flush，否则经管道时一行可能打印两次）；子进程里
    只有调用 fork() 的那个线程，所以 Python 3.12+ 会在多线程进程 fork 时发出警告（试试
    --thread-first）。
Watch in ptop (zh):
    两行命令行相同的进程，子进程在父进程下面，都在睡眠（S）：子进程在睡眠循环里，父进程在
    waitpid() 里。子进程的 PPID 就是父进程的 PID。用 --thread-first 时父进程有 2 个线程，
    子进程 1 个。
"""

import argparse
import os
import signal
import sys
import threading
import time
import warnings


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    say(f"parent: I am pid {os.getpid()} (Python {sys.version.split()[0]})")
    if args.thread_first:  # a thread that only waits still makes the process multi-threaded
        threading.Thread(target=time.sleep, args=(1,), name="Helper", daemon=True).start()
        say(f"parent: started thread Helper first: {threading.active_count()} threads now")
    sys.stdout.flush()  # else text still buffered here would be printed by both processes

    with warnings.catch_warnings(record=True) as caught:  # to show 3.12+'s warning on stdout
        warnings.simplefilter("always", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        os._exit(child(args.seconds, args.exit_code))  # never fall through into the parent's code

    started = time.monotonic()
    say(f"parent: fork() returned {pid}, the pid of my child")
    for warning in caught:
        say(f"parent: fork() warned: {warning.category.__name__}: {warning.message}")
    if args.thread_first and not caught:
        say("parent: no warning: before 3.12 Python forks a threaded process silently")
    say("parent: waiting for my child with os.waitpid()")
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)  # negative: killed by that signal
    say(f"child exited · pid={pid} code={code}")
    ran = time.monotonic() - started
    say(f"result: forked child {pid}, it ran {ran:.1f} s and exited with code {code}")
    return 0


def child(seconds: float, exit_code: int) -> int:
    """Everything the child does; returns its exit code."""
    threads = threading.active_count()  # only the thread that called fork() came along
    say(f"child: fork() returned 0 · pid={os.getpid()} ppid={os.getppid()}, {threads} thread")
    steps = max(1, round(seconds))
    for step in range(1, steps + 1):
        time.sleep(seconds / steps)
        say(f"child alive, {step} of {steps} s")
    sys.stdout.flush()
    return exit_code


# ---- plumbing you can skip ----


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=10.0, help="how long the child lives")
    parser.add_argument("--thread-first", action="store_true", help="start a thread first")
    parser.add_argument("--exit-code", type=int, default=0, help="the child's exit code")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
