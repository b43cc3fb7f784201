#!/usr/bin/env python3
"""Process: start a child with multiprocessing and join it

Order: 2
Teaches:
    multiprocessing.Process is the portable way to run a function in a new process: create it
    with target= and args=, start() it, and join() to wait for it. join() is also where the
    parent learns the child's exitcode (0 = normal end, a negative number = killed by that
    signal). Give the process a name= so people (and monitors) can tell children apart.

    How the child is made is called the start method, and it differs by platform and version:
    "fork" copies the parent (the Linux default up to Python 3.13), "spawn" starts a fresh
    interpreter that imports your script again (the default on macOS and Windows), and
    "forkserver" forks children from a small helper server (the Linux default from 3.14).
    Because spawn and forkserver import the script again, the `if __name__ == "__main__":`
    guard is required, and everything handed to the child must be picklable. This scenario
    picks the method explicitly with multiprocessing.get_context() and prints it, instead of
    depending on the default; try --start-method spawn and compare what ptop shows.
Watch in ptop:
    The parent and, under it in the tree, one row per child (the name is Child-1, Child-2 ...
    in the output; the command line is the parent's with fork, a `spawn_main` line with
    spawn). Everyone is asleep (S, 0 % CPU): the children sleep, the parent waits in join().
    With spawn or forkserver, an extra `resource_tracker` helper process appears as well, and
    with forkserver the children hang under the forkserver helper instead of under the parent:
    their PPID is the forkserver's PID (the output shows it too).
Run:
    python scenarios/process.py [--seconds 8] [--workers 1] [--start-method fork|spawn|forkserver]
Sample output:
    [pid 31474 tid 31474] Python 3.11.7 on linux; parent pid 31474
    [pid 31474 tid 31474] start method: fork (chosen explicitly; this Python's default is fork)
    [pid 31474 tid 31474] [lesson] start-method name=fork
    [pid 31474 tid 31474] started Child-1 as pid 31475
    [pid 31474 tid 31474] parent waits in join() for every child
    [pid 31475 tid 31475] Child-1 running: pid 31475, parent pid 31474, made by 'fork'
    [pid 31475 tid 31475] [lesson] child pid=31475 ppid=31474 name=Child-1
    [pid 31475 tid 31475] Child-1 alive, 1 of 8 s
    [pid 31475 tid 31475] Child-1 alive, 2 of 8 s
    ...
    [pid 31475 tid 31475] Child-1 alive, 8 of 8 s
    [pid 31475 tid 31475] Child-1 returns; its exitcode will be 0
    [pid 31474 tid 31474] Child-1 (pid 31475) joined, exitcode 0
    [pid 31474 tid 31474] [lesson] exit pid=31475 code=0
    [pid 31474 tid 31474] result: 1 child process(es) via fork finished in 8.0 s, exitcodes [0]
Title (zh):
    Process：用 multiprocessing 启动子进程并 join
Teaches (zh):
    multiprocessing.Process 是在新进程里运行一个函数的跨平台方式：用 target= 和 args= 创建它，
    调用 start() 启动，再用 join() 等待它结束。join() 之后父进程才能知道子进程的 exitcode
    （0 表示正常结束，负数表示被对应编号的信号杀死）。给进程起一个 name=，人和监视器才能
    分清各个子进程。

    子进程是怎样创建出来的，叫做启动方式（start method），它因平台和版本而不同：“fork” 复制父进程
    （Linux 在 Python 3.13 及以前的默认值），“spawn” 启动一个全新的解释器并重新导入你的脚本
    （macOS 和 Windows 的默认值），“forkserver” 由一个小的辅助服务进程 fork 出子进程（Linux 从
    3.14 起的默认值）。因为 spawn 和 forkserver 会重新导入脚本，所以 `if __name__ == "__main__":`
    保护是必需的，而且交给子进程的一切都必须能被 pickle。本场景用
    multiprocessing.get_context() 明确选择启动方式并打印出来，而不是依赖默认值；
    试试 --start-method spawn，比较 ptop 里看到的不同。
Watch in ptop (zh):
    父进程，以及在树中位于它下面的每个子进程一行（输出里名字是 Child-1、Child-2……；fork 时命令行与
    父进程相同，spawn 时是一行 `spawn_main`）。大家都在睡眠（S，CPU 0 %）：子进程在 sleep，父进程在
    join() 里等待。使用 spawn 或 forkserver 时，还会多出一个 `resource_tracker` 辅助进程；
    使用 forkserver 时，子进程挂在 forkserver 辅助进程下面而不是父进程下面：它们的 PPID 是
    forkserver 的 PID（输出里也能看到）。
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
import multiprocessing
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

# fork is the traditional Linux choice and what this lesson is about; elsewhere only spawn is safe.
DEFAULT_START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
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


def child_main(seconds: float, start_method: str) -> None:
    """The function the child process runs. It must live at module level to be picklable."""
    quiet_child_signals()
    me = multiprocessing.current_process()
    say(
        f"{me.name} running: pid {os.getpid()}, parent pid {os.getppid()}, made by {start_method!r}"
    )
    lesson("child", pid=os.getpid(), ppid=os.getppid(), name=me.name)
    whole_seconds = max(1, round(seconds))
    for second in range(1, whole_seconds + 1):
        time.sleep(seconds / whole_seconds)
        say(f"{me.name} alive, {second} of {whole_seconds} s")
    say(f"{me.name} returns; its exitcode will be 0")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Process: start a child and join it")
    parser.add_argument("--seconds", type=float, default=8.0, help="how long each child lives")
    parser.add_argument("--workers", type=int, default=1, help="how many children to start")
    parser.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        default=DEFAULT_START_METHOD,
        help=f"how children are created (default here: {DEFAULT_START_METHOD})",
    )
    args = parser.parse_args(argv)

    # A context is multiprocessing with one start method fixed; it does not change the global
    # default, so it is safe to use in libraries too.
    ctx = multiprocessing.get_context(args.start_method)
    say(f"Python {sys.version.split()[0]} on {sys.platform}; parent pid {os.getpid()}")
    say(
        f"start method: {ctx.get_start_method()} (chosen explicitly; "
        f"this Python's default is {multiprocessing.get_context().get_start_method()})"
    )
    lesson("start-method", name=ctx.get_start_method())

    started = time.monotonic()
    children = [
        ctx.Process(
            target=child_main,
            args=(args.seconds, args.start_method),
            name=f"Child-{number}",
        )
        for number in range(1, args.workers + 1)
    ]
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for child in children:
            with stop_signals_held():
                child.start()
            say(f"started {child.name} as pid {child.pid}")
        say("parent waits in join() for every child")
        for child in children:
            child.join()
            say(f"{child.name} (pid {child.pid}) joined, exitcode {child.exitcode}")
            lesson("exit", pid=child.pid, code=child.exitcode)
    except KeyboardInterrupt:
        # Stopped early: terminate() sends SIGTERM; join() then collects each child.
        for child in children:
            if child.pid is not None and child.is_alive():
                child.terminate()
        for child in children:
            if child.pid is not None:
                child.join()
        say("result: interrupted; children terminated and joined")
        return 130

    elapsed = time.monotonic() - started
    codes = sorted({child.exitcode for child in children}, key=str)
    say(
        f"result: {len(children)} child process(es) via {ctx.get_start_method()} "
        f"finished in {elapsed:.1f} s, exitcodes {codes}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
