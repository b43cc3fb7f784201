#!/usr/bin/env python3
"""Deadlock: two threads, two locks, opposite order

Order: 13
Teaches:
    Two locks taken in opposite orders are enough. Worker-AB takes lock A, then wants B;
    Worker-BA takes B, then wants A. Each holds its first lock for 0.1 s, so both have one
    before either asks for the other, and each then waits forever. Nothing crashes, nothing
    is printed: the program just stops. A monitor shows it: the stuck threads sleep (S), use
    no CPU and make no context switches, second after second. To see where: `kill -USR1 PID`
    prints every thread's stack (faulthandler, set up below), and `py-spy dump --pid PID`
    does it from outside; both point at the `with` lines. The fix: take locks in one global
    order (--ordered), or take the second with a timeout and back off. The workers here are
    daemon threads, so the script can still exit after --seconds.
Watch in ptop:
    Three threads: MainThread (waking to report), Worker-AB and Worker-BA. After 0.1 s both
    workers sit in S at 0.0 % CPU with a context-switch count that no longer moves: the
    signature of a deadlock. Send SIGUSR1 (key D) and the stacks appear on stderr.
Run:
    python scenarios/deadlock.py [--seconds 10] [--ordered]
Sample output:
    to see where the threads are stuck: kill -USR1 3408  (stacks go to stderr)
    Worker-AB holds lock A; in 0.1 s it asks for lock B · tid=3409
    Worker-BA holds lock B; in 0.1 s it asks for lock A · tid=3410
    Worker-AB waits for lock B ...
    Worker-BA waits for lock A ...
    deadlock: Worker-AB holds A and waits for B, Worker-BA holds B and waits for A
    still stuck after 2 s: Worker-AB S, 0 switches; Worker-BA S, 0 switches
    result: deadlock held for 10.0 s; exiting with both workers still stuck
Title (zh):
    死锁：两个线程，两把锁，相反的顺序
Teaches (zh):
    两把以相反顺序获取的锁就够了。Worker-AB 先拿锁 A 再要 B；Worker-BA 先拿 B 再要 A。每个线程
    拿着第一把锁 0.1 秒，所以两者都各拿到一把，之后各自永远等下去。不崩溃，也不打印：程序只是停住。
    监视器能看出来：卡住的线程在睡眠（S），不用 CPU，一秒又一秒没有上下文切换。要知道卡在哪里：
    `kill -USR1 PID` 打印每个线程的调用栈（下面设置的 faulthandler），`py-spy dump --pid PID`
    从外部也能做到；两者都指向那几行 `with`。解决办法：按同一个全局顺序拿锁（--ordered），或带超时
    拿第二把锁并退让。这里的工作线程是守护线程，所以脚本在 --seconds 之后仍能退出。
Watch in ptop (zh):
    三个线程：MainThread（醒来报告）、Worker-AB 和 Worker-BA。0.1 秒之后两个工作线程停在 S，
    CPU 0.0 %，上下文切换计数不再变化：这就是死锁的特征。发送 SIGUSR1（按 D 键），调用栈就出现在
    stderr 里。
"""

import argparse
import faulthandler
import os
import signal
import sys
import threading
import time

lock_a = threading.Lock()
lock_b = threading.Lock()


def worker(first: threading.Lock, second: threading.Lock, names: str) -> None:
    """Take `first`, hold it a moment, then take `second`."""
    me = threading.current_thread().name
    with first:
        say(
            f"{me} holds lock {names[0]}; in 0.1 s it asks for lock {names[1]}"
            f" · tid={threading.get_native_id()}"
        )
        time.sleep(0.1)
        say(f"{me} waits for lock {names[1]} ...")
        with second:  # with opposite orders, both threads stop here for good
            say(f"{me} holds both locks")


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # kill -USR1: print every stack
    say(f"to see where the threads are stuck: kill -USR1 {os.getpid()}  (stacks go to stderr)")
    ba_order = (lock_a, lock_b, "AB") if args.ordered else (lock_b, lock_a, "BA")
    threads = [  # daemon: the process may exit while they are stuck
        threading.Thread(target=worker, args=(lock_a, lock_b, "AB"), name="Worker-AB", daemon=True),
        threading.Thread(target=worker, args=ba_order, name="Worker-BA", daemon=True),
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # both have their first lock by now, and are asking for the second
    if not (lock_a.locked() and lock_b.locked() and all(t.is_alive() for t in threads)):
        for thread in threads:
            thread.join()
        say("result: no deadlock: with one lock order both threads finished")
        return 0

    say("deadlock: Worker-AB holds A and waits for B, Worker-BA holds B and waits for A")
    started = time.monotonic()
    while (left := args.seconds - (time.monotonic() - started)) > 0:
        time.sleep(min(max(1.0, args.seconds / 5), left))
        states = "; ".join(f"{t.name} {state(t.native_id or 0)}" for t in threads)
        say(f"still stuck after {time.monotonic() - started:.0f} s: {states}")
    held = time.monotonic() - started
    say(f"result: deadlock held for {held:.1f} s; exiting with both workers still stuck")
    return 0


# ---- plumbing you can skip ----


def state(tid: int) -> str:
    """A thread's state letter and context switches so far, read from /proc."""
    try:
        with open(f"/proc/self/task/{tid}/stat") as stat:
            letter = stat.read().rsplit(")", 1)[1].split()[0]
        with open(f"/proc/self/task/{tid}/status") as status:
            switches = sum(int(line.split()[1]) for line in status if "ctxt_switches" in line)
    except OSError:
        return "?"
    return f"{letter}, {switches} switches"


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to stay stuck")
    parser.add_argument("--ordered", action="store_true", help="both take A then B: no deadlock")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
