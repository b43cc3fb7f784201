#!/usr/bin/env python3
"""Process: start a child with multiprocessing and join it

Order: 2
Teaches:
    multiprocessing.Process is the portable way to run a function in a new process: create it
    with target=, args= and a name=, start() it, join() it. After join() the parent knows the
    child's exitcode (0: normal end; negative: killed by that signal). How the child is made
    is the start method: "fork" copies the parent (Linux up to 3.13), "spawn" starts a fresh
    interpreter that imports this file again (macOS, Windows), "forkserver" forks from a
    helper server (Linux from 3.14). Spawn and forkserver need the __main__ guard and
    picklable arguments. Try --start-method spawn and compare.
Watch in ptop:
    One row per child (Child-1, ...) under the parent, all asleep (S): the children sleep, the
    parent waits in join(). Spawn and forkserver add a resource_tracker helper; under
    forkserver the children hang under the forkserver, not under the parent.
Run:
    python scenarios/process.py [--seconds 8] [--workers 1] [--start-method spawn]
Sample output:
    Python 3.11.7, start method fork (default: fork) · parent pid=31474
    started Child-1 as pid 31475; the parent waits in join()
    Child-1 runs · pid=31475 ppid=31474
    Child-1 alive, 8 of 8 s
    joined Child-1: it exited · pid=31475 code=0
    result: 1 child process via fork finished in 8.0 s, exitcodes [0]
Title (zh):
    Process：用 multiprocessing 启动子进程并 join
Teaches (zh):
    multiprocessing.Process 是在新进程里运行函数的跨平台方式：用 target=、args= 和 name= 创建，
    start() 启动，join() 等待。join() 之后父进程才知道子进程的 exitcode（0：正常结束；负数：被该
    信号杀死）。子进程怎么产生叫启动方式：“fork” 复制父进程（Linux 3.13 及以前），“spawn” 启动新
    解释器并重新导入本文件（macOS、Windows），“forkserver” 由辅助服务进程 fork（Linux 3.14 起）。
    spawn 和 forkserver 需要 __main__ 保护和可 pickle 的参数。试试 --start-method spawn 对比一下。
Watch in ptop (zh):
    父进程下面每个子进程一行（Child-1……），都在睡眠（S）：子进程在 sleep，父进程在 join() 里等。
    spawn 和 forkserver 会多一个 resource_tracker 辅助进程；forkserver 下子进程挂在 forkserver
    下面，而不是父进程下面。
"""

import argparse
import multiprocessing
import os
import signal
import sys
import time


def child_main(seconds: float) -> None:
    """What each child runs. At module level, so that spawn can find it by name."""
    me = multiprocessing.current_process().name
    say(f"{me} runs · pid={os.getpid()} ppid={os.getppid()}")
    steps = max(1, round(seconds))
    for step in range(1, steps + 1):
        time.sleep(seconds / steps)
        say(f"{me} alive, {step} of {steps} s")


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    # A context is multiprocessing with one start method, chosen here rather than by default.
    ctx = multiprocessing.get_context(args.start_method)
    default = multiprocessing.get_start_method()
    say(
        f"Python {sys.version.split()[0]}, start method {args.start_method} (default: {default})"
        f" · parent pid={os.getpid()}"
    )
    started = time.monotonic()
    children = [
        ctx.Process(target=child_main, args=(args.seconds,), name=f"Child-{n}")
        for n in range(1, args.workers + 1)
    ]
    for child in children:
        child.start()
        say(f"started {child.name} as pid {child.pid}; the parent waits in join()")
    for child in children:
        child.join()
        say(f"joined {child.name}: it exited · pid={child.pid} code={child.exitcode}")

    codes = [child.exitcode for child in children]
    elapsed = time.monotonic() - started
    plural = "es" if len(children) > 1 else ""
    say(
        f"result: {len(children)} child process{plural} via {args.start_method}"
        f" finished in {elapsed:.1f} s, exitcodes {codes}"
    )
    return 0


# ---- plumbing you can skip ----


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=8.0, help="how long each child lives")
    parser.add_argument("--workers", type=int, default=1, help="how many children")
    methods = multiprocessing.get_all_start_methods()  # this platform's default comes first
    parser.add_argument("--start-method", choices=methods, default=methods[0])
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
