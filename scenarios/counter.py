#!/usr/bin/env python3
"""Counter: lost updates between two threads, and the lock that fixes them

Order: 7
Teaches:
    Two threads that read a shared variable, compute and write it back can lose each other's
    updates when one is paused between its read and its write. A threading.Lock around the
    read-modify-write makes it one step. Phase "tutorial" runs the classic tutorial's
    `balance = balance + n; balance = balance - n`, which it says drifts from 0. On 3.10+
    (with the GIL) it does not: a thread hands over the GIL only at function starts, loop
    jumps and after calls, and this statement has none. It is safe by accident of the
    bytecode, not by guarantee, and free-threaded builds are expected to break it. Phase
    "unlocked" puts a call inside the update, `balance = add(balance, 1)`, and every round
    comes out short. Phase "locked" wraps it in `with lock:`: never short, but several
    times slower (3x to over 10x on 3.11, varying a lot), with many more voluntary switches.
Watch in ptop:
    Three threads: main (in join()) and Worker-1/2. Unlocked, the workers share one core
    (about 50 % each: the GIL runs one at a time). Locked, the process uses less than a core
    and the workers' voluntary context switches climb: they sleep until the lock is free.
Run:
    python scenarios/counter.py [--seconds 15] [--rounds 5] [--calls 1000000] [--lock]
Sample output:
    Python 3.11.7, GIL enabled: True; switch interval 0.005 s
    phase tutorial: 2 threads x 1,000,000 calls of balance = balance + n - n
    tutorial round 1: expected 0, got 0: correct · elapsed=0.34s switches=128
    phase unlocked: 2 threads x 1,000,000 x balance = add(balance, 1)
    unlocked round 1: expected 2,000,000, got 1,533,285: off by 466,715 · elapsed=0.22s switches=80
    phase locked: the same deposits inside `with lock:`
    locked round 1: expected 2,000,000, got 2,000,000: correct · elapsed=2.45s switches=92102
    result: tutorial wrong in 0/5 rounds; unlocked wrong in 5/5; locked wrong in 0/2; the lock
      cost 10.2x the time and 121 -> 91,688 voluntary switches per round
Title (zh):
    计数器：两个线程之间丢失的更新，以及修复它的锁
Teaches (zh):
    两个线程读取共享变量、计算后再写回，若一个线程在读和写之间被暂停，就会丢掉对方的更新。
    用 threading.Lock 包住“读-改-写”，它就成了一步。“tutorial” 阶段运行经典教程的
    `balance = balance + n; balance = balance - n`，教程说余额会偏离 0。在 3.10+（有 GIL）上不会：
    线程只在函数开始、循环跳转和调用之后交出 GIL，而这条语句里一个都没有。它的安全是字节码的
    巧合，不是保证，自由线程版本预计会再次出错。“unlocked” 阶段在更新里放了一次调用：
    `balance = add(balance, 1)`，每一轮都会少。“locked” 阶段用 `with lock:` 包起来：从不少，但慢
    好几倍（3.11 上 3 倍到 10 倍以上，波动很大），自愿上下文切换也多得多。
Watch in ptop (zh):
    三个线程：主线程（在 join() 里）和 Worker-1/2。不加锁时两个工作线程分享一个核（各约 50 %：
    GIL 一次只让一个运行）。加锁时进程用不满一个核，工作线程的自愿上下文切换迅速上升：它们睡下去
    等锁。
"""

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable

balance = 0
lock = threading.Lock()


def change_it(n: int) -> None:
    """The classic tutorial's update: add, then subtract, so the balance should stay 0."""
    global balance
    balance = balance + n
    balance = balance - n


def run_thread(n: int, calls: int) -> None:
    for _ in range(calls):
        change_it(n)


def add(a: int, b: int) -> int:
    """A plain function: calling it is a point where another thread may take over."""
    return a + b


def deposit(calls: int) -> None:
    global balance
    for _ in range(calls):
        balance = add(balance, 1)  # read balance ... (switch here?) ... write balance


def deposit_locked(calls: int) -> None:
    global balance
    for _ in range(calls):
        with lock:  # nobody else can be between this read and this write
            balance = add(balance, 1)


def one_round(phase: str, workers: int, calls: int) -> tuple[int, int, float, int]:
    """Run `workers` threads once; return (expected, got, seconds, voluntary switches)."""
    global balance
    balance = 0
    if phase == "tutorial":  # amounts 5, 8, ... as in the tutorial
        jobs, expected = [(run_thread, (5 + 3 * i, calls)) for i in range(workers)], 0
    else:
        body = deposit if phase == "unlocked" else deposit_locked
        jobs, expected = [(body, (calls,))] * workers, workers * calls
    gate = threading.Barrier(workers + 1)  # all threads start together, so they overlap
    switches: list[int] = []
    threads = [
        threading.Thread(target=counted, args=(gate, switches, job, args), name=f"Worker-{i}")
        for i, (job, args) in enumerate(jobs, start=1)
    ]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return expected, balance, time.perf_counter() - started, sum(switches)


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    gil, interval = getattr(sys, "_is_gil_enabled", lambda: True)(), sys.getswitchinterval()
    say(f"Python {sys.version.split()[0]}, GIL enabled: {gil}; switch interval {interval} s")
    phases = {
        "tutorial": f"{args.workers} threads x {args.calls:,} calls of balance = balance + n - n",
        "unlocked": f"{args.workers} threads x {args.calls:,} x balance = add(balance, 1)",
        "locked": "the same deposits inside `with lock:`",
    }
    chosen = ["locked"] if args.lock else list(phases)
    summary: dict[str, tuple[int, int, float, int]] = {}  # rounds, wrong, seconds, switches
    for phase in chosen:
        say(f"phase {phase}: {phases[phase]}")
        rounds = wrong = switches = 0
        seconds, deadline = 0.0, time.perf_counter() + args.seconds / len(chosen)
        while rounds < args.rounds and time.perf_counter() < deadline:
            expected, got, elapsed, vcsw = one_round(phase, args.workers, args.calls)
            rounds, wrong = rounds + 1, wrong + (got != expected)
            seconds, switches = seconds + elapsed, switches + vcsw
            verdict = "correct" if got == expected else f"off by {expected - got:,}"
            say(
                f"{phase} round {rounds}: expected {expected:,}, got {got:,}: {verdict}"
                f" · elapsed={elapsed:.2f}s switches={vcsw}"
            )
        summary[phase] = (rounds, wrong, seconds / rounds, switches // rounds)

    parts = [f"{phase} wrong in {w}/{r} rounds" for phase, (r, w, _, _) in summary.items()]
    if "unlocked" in summary and "locked" in summary:
        _, _, plain_s, plain_sw = summary["unlocked"]
        _, _, locked_s, locked_sw = summary["locked"]
        parts.append(
            f"the lock cost {locked_s / plain_s:.1f}x the time and {plain_sw:,} ->"
            f" {locked_sw:,} voluntary switches per round"
        )
    say("result: " + "; ".join(parts))
    return 0


# ---- plumbing you can skip ----


def counted(
    gate: threading.Barrier, switches: list[int], job: Callable[..., None], args: tuple[int, ...]
) -> None:
    """Run job(*args) once every thread is ready; add up this thread's voluntary switches."""
    gate.wait()
    before = voluntary_switches()
    job(*args)
    switches.append(voluntary_switches() - before)


def voluntary_switches() -> int:
    """How often the calling thread went to sleep so far (waiting for the GIL or the lock)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("vol"))
    except OSError:
        return 0  # no /proc here


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=15.0, help="rough time for all phases")
    parser.add_argument("--rounds", type=int, default=5, help="most rounds per phase")
    parser.add_argument("--calls", type=int, default=1_000_000, help="updates per thread")
    parser.add_argument("--workers", type=int, default=2, help="threads per round")
    parser.add_argument("--lock", action="store_true", help="run the locked phase only")
    parser.add_argument("--switch-interval", type=float, help="sys.setswitchinterval() first")
    args = parser.parse_args(argv)
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    return args


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
