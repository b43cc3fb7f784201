#!/usr/bin/env python3
"""Deadlock: two threads, two locks, opposite order

Order: 13
Teaches:
    A deadlock needs only two locks taken in opposite orders. Worker-AB takes lock A, then
    wants lock B; Worker-BA takes lock B, then wants lock A. Each sleeps 0.1 s while holding
    its first lock, so both get their first lock before either asks for its second, and then
    each waits for a lock the other will never release. Nothing crashes and nothing is
    printed: the program just stops making progress. That is what makes deadlocks hard to
    spot, and why a monitor helps: the stuck threads are asleep (state S), use no CPU, and
    make no context switches, second after second.

    Python cannot break a deadlock for you, but it can show you where it is:
    faulthandler.register(SIGUSR1, all_threads=True) (done at the start of this script) makes
    `kill -USR1 <pid>` print every thread's Python stack to stderr, and `py-spy dump --pid
    <pid>` does the same from outside without any preparation. Both point at the `with` lines
    where the threads wait. The fixes: always take locks in one global order (run with
    --ordered to see the same threads finish), or take the second lock with a timeout
    (lock.acquire(timeout=...)) and back off. The worker threads here are daemon threads so
    the script can still exit after --seconds while they stay stuck; a real program could
    not even do that.
Watch in ptop:
    One process with three threads: MainThread (waking briefly to report), Worker-AB and
    Worker-BA. After the first 0.1 s both workers sit in state S with 0.0 % CPU and a
    context-switch count that no longer moves: the signature of a deadlock (or of a very
    idle thread; the difference is that this program should be doing something). Send
    SIGUSR1 to the process and the stacks appear in the scenario's stderr.
Run:
    python scenarios/deadlock.py [--seconds 10] [--ordered]
Sample output:
    [pid 3408 tid 3408] Python 3.11.7 on linux; pid 3408
    [pid 3408 tid 3408] to see where the threads are stuck: kill -USR1 3408  (stacks go to stderr)
    [pid 3408 tid 3409] [lesson] thread-start name=Worker-AB tid=3409
    [pid 3408 tid 3409] Worker-AB holds lock A; in 0.1 s it will ask for lock B
    [pid 3408 tid 3410] [lesson] thread-start name=Worker-BA tid=3410
    [pid 3408 tid 3410] Worker-BA holds lock B; in 0.1 s it will ask for lock A
    [pid 3408 tid 3409] Worker-AB waits for lock B ...
    [pid 3408 tid 3410] Worker-BA waits for lock A ...
    [pid 3408 tid 3408] [lesson] phase name=deadlocked
    [pid 3408 tid 3408] deadlock: Worker-AB holds A and waits for B, Worker-BA holds B and waits for
      A
    [pid 3408 tid 3408] still stuck after 2 s: Worker-AB S, Worker-BA S
    [pid 3408 tid 3408] still stuck after 4 s: Worker-AB S, Worker-BA S
    ...
    [pid 3408 tid 3408] still stuck after 10 s: Worker-AB S, Worker-BA S
    [pid 3408 tid 3408] [lesson] phase-end name=deadlocked elapsed_s=10.002
    [pid 3408 tid 3408] Worker-AB: state S, 0.00 s CPU and 0 switches in 10.0 s
    [pid 3408 tid 3408] [lesson] stuck name=Worker-AB tid=3409 state=S cpu_s=0.0 switches=0
    [pid 3408 tid 3408] Worker-BA: state S, 0.00 s CPU and 0 switches in 10.0 s
    [pid 3408 tid 3408] [lesson] stuck name=Worker-BA tid=3410 state=S cpu_s=0.0 switches=0
    [pid 3408 tid 3408] result: deadlock held for 10.0 s (total run 10.3 s); exiting with both
      workers still stuck
Title (zh):
    死锁：两个线程，两把锁，相反的顺序
Teaches (zh):
    死锁只需要两把以相反顺序获取的锁。Worker-AB 先拿锁 A，再想要锁 B；Worker-BA 先拿锁 B，再想要
    锁 A。每个线程拿着第一把锁时都睡 0.1 秒，所以两者都在任何一方去要第二把锁之前拿到了第一把，然后
    各自等待一把对方永远不会释放的锁。不会崩溃，也不会打印任何东西：程序只是不再前进。这正是死锁难以
    发现的原因，也是监视器能帮上忙的地方：卡住的线程在睡眠（状态 S），不用 CPU，一秒又一秒地没有任何
    上下文切换。

    Python 不能替你打破死锁，但可以告诉你它在哪里：faulthandler.register(SIGUSR1,
    all_threads=True)（本脚本一开始就调用了）让 `kill -USR1 <pid>` 把每个线程的 Python 调用栈
    打印到 stderr，而 `py-spy dump --pid <pid>` 不需要任何准备就能从外部做同样的事。两者都指向
    线程等待的那行 `with`。解决办法：总是按同一个全局顺序获取锁（用 --ordered 运行，可以看到
    同样的线程顺利结束），或者带超时获取第二把锁（lock.acquire(timeout=...)）并退让。这里的
    工作线程是守护线程，所以即使它们一直卡着，脚本也能在 --seconds 之后退出；真实的程序连这一点
    都做不到。
Watch in ptop (zh):
    一个进程，三个线程：MainThread（偶尔醒来报告一下）、Worker-AB 和 Worker-BA。最初 0.1 秒之后，
    两个工作线程都停在状态 S，CPU 0.0 %，上下文切换计数不再变化：这就是死锁的特征（或者是一个非常
    空闲的线程；区别在于这个程序本该在干活）。向进程发送 SIGUSR1，调用栈就会出现在场景的 stderr 里。
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
import faulthandler
import signal
import threading
import time
from types import FrameType
from typing import NamedTuple

HOLD_S = 0.1  # how long each worker holds its first lock before asking for the second

lock_a = threading.Lock()
lock_b = threading.Lock()


class ThreadState(NamedTuple):
    """What the kernel says about one thread (from /proc/self/task/TID)."""

    state: str
    cpu_s: float
    switches: int


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


def thread_state(tid: int) -> ThreadState | None:
    """State letter, CPU seconds and context switches of one of our threads, if /proc has it."""
    try:
        with open(f"/proc/self/task/{tid}/stat", encoding="ascii") as stat:
            # The name in brackets may contain spaces; the fields after the last ')' do not.
            fields = stat.read().rsplit(")", 1)[1].split()
        switches = 0
        with open(f"/proc/self/task/{tid}/status", encoding="ascii") as status:
            for line in status:
                if "ctxt_switches:" in line:  # voluntary_... and nonvoluntary_...
                    switches += int(line.split()[1])
    except (OSError, IndexError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    # fields[0] is field 3 of stat (state); fields[11] and [12] are utime and stime in ticks.
    return ThreadState(fields[0], (int(fields[11]) + int(fields[12])) / ticks, switches)


def worker(
    first: threading.Lock, second: threading.Lock, names: str, waiting: threading.Event
) -> None:
    """Take `first`, hold it a moment, then take `second`."""
    me = threading.current_thread().name
    lesson("thread-start", name=me, tid=threading.get_native_id())
    with first:
        say(f"{me} holds lock {names[0]}; in {HOLD_S} s it will ask for lock {names[1]}")
        time.sleep(HOLD_S)
        say(f"{me} waits for lock {names[1]} ...")
        waiting.set()
        with second:  # with opposite orders, both threads stop here for good
            say(f"{me} holds both locks")
    lesson("thread-end", name=me)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Deadlock: two threads, two locks")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to stay stuck")
    parser.add_argument(
        "--ordered", action="store_true", help="both threads take A then B: no deadlock"
    )
    args = parser.parse_args(argv)
    if hasattr(signal, "SIGUSR1"):
        # From now on `kill -USR1 <pid>` prints every thread's stack to stderr.
        faulthandler.register(signal.SIGUSR1, all_threads=True)

    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}")
    say(f"to see where the threads are stuck: kill -USR1 {os.getpid()}  (stacks go to stderr)")

    # The only difference --ordered makes: Worker-BA takes the locks in the same order as AB.
    ba_order = (lock_a, lock_b, "AB") if args.ordered else (lock_b, lock_a, "BA")
    waiting = {"Worker-AB": threading.Event(), "Worker-BA": threading.Event()}
    threads = [
        threading.Thread(
            target=worker,
            args=(lock_a, lock_b, "AB", waiting["Worker-AB"]),
            name="Worker-AB",
            daemon=True,  # lets the process exit even while this thread is stuck
        ),
        threading.Thread(
            target=worker,
            args=(*ba_order, waiting["Worker-BA"]),
            name="Worker-BA",
            daemon=True,
        ),
    ]
    started = time.monotonic()
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for thread in threads:
            thread.start()
        if args.ordered:
            for thread in threads:
                thread.join()
            say("result: with one lock order both threads finished: no deadlock")
            return 0

        for event in waiting.values():
            event.wait()
        time.sleep(0.2)  # give both a moment to reach their second `with`
        stuck = lock_a.locked() and lock_b.locked() and all(t.is_alive() for t in threads)
        if not stuck:
            for thread in threads:
                thread.join()
            say("result: no deadlock this time (one thread finished before the other started)")
            return 0

        lesson("phase", name="deadlocked")
        say("deadlock: Worker-AB holds A and waits for B, Worker-BA holds B and waits for A")
        tids = {thread.name: thread.native_id or 0 for thread in threads}
        before = {name: thread_state(tid) for name, tid in tids.items()}
        phase_started = time.monotonic()
        report_every = max(1.0, args.seconds / 5)
        while (remaining := args.seconds - (time.monotonic() - phase_started)) > 0:
            time.sleep(min(report_every, remaining))
            states = ", ".join(
                f"{name} {state.state if (state := thread_state(tid)) else '?'}"
                for name, tid in tids.items()
            )
            say(f"still stuck after {time.monotonic() - phase_started:.0f} s: {states}")
        held = time.monotonic() - phase_started
    except KeyboardInterrupt:
        say("result: interrupted; the stuck daemon threads end with the process")
        return 130

    lesson("phase-end", name="deadlocked", elapsed_s=held)
    for name, tid in tids.items():
        first, last = before[name], thread_state(tid)
        if first is None or last is None:
            continue
        cpu = last.cpu_s - first.cpu_s
        switches = last.switches - first.switches
        say(f"{name}: state {last.state}, {cpu:.2f} s CPU and {switches} switches in {held:.1f} s")
        lesson("stuck", name=name, tid=tid, state=last.state, cpu_s=cpu, switches=switches)
    say(
        f"result: deadlock held for {held:.1f} s (total run {time.monotonic() - started:.1f} s); "
        "exiting with both workers still stuck"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
