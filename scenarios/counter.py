#!/usr/bin/env python3
"""Counter: lost updates between two threads, and the lock that fixes them

Order: 7
Teaches:
    Two threads that read a shared variable, compute a new value and write it back can lose
    each other's updates: if thread 1 is paused between its read and its write, thread 2's
    writes in the meantime are overwritten. A threading.Lock around the read-modify-write
    makes it one step that nobody can interrupt.

    Phase "tutorial" runs the classic tutorial's code: two threads each do
    `balance = balance + n; balance = balance - n` a million times, and the tutorial says the
    balance drifts away from 0. On Python 3.10 and newer (with the GIL) it does not, and you
    will see "got 0" every round. The reason is how CPython switches threads: a thread that
    wants the GIL waits 5 ms (sys.getswitchinterval()) and then asks the running thread to let
    go, but the running thread only checks for that request at certain points: when a
    function starts, at the jump back to the top of a loop, and after a call returns.
    `balance = balance + n` compiles to load, add, store with none of those points in
    between, so a switch cannot land inside it. Up to 3.9 almost every instruction was such a
    point and the tutorial's demo worked. The code is still wrong: it is safe only by accident
    of the bytecode, any call in the middle brings the bug back, and on free-threaded builds
    (3.13t, 3.14t), where threads really run at the same time, it is expected to fail again.

    Phase "unlocked" shows exactly that: each thread makes a million deposits of 1 with
    `balance = add(balance, 1)`, where add() is an ordinary function. Now a switch can happen
    between reading balance and storing the result, and every round ends short of the
    expected 2,000,000. Phase "locked" is the same code with `with lock:` around the update:
    never short, but slower, because the threads now queue for the lock and hand it (and the
    GIL) back and forth; the voluntary context-switch count shows that waiting. How much
    slower varies a lot between runs, machines and Python versions: from about 3x to more
    than 10x in our runs on 3.11.
Watch in ptop:
    One process with three threads: the main thread (asleep in join()) and Worker-1/Worker-2.
    In the unlocked phases the two workers share one core between them (about 50 % each,
    together about 100 %: the GIL lets only one run Python at a time). In the locked phase the
    process uses less than a full core and the workers' voluntary context switches climb
    fast, because each one keeps going to sleep until the lock is free.
Run:
    python scenarios/counter.py [--seconds 15] [--rounds 5] [--calls 1000000] [--lock]
Sample output:
    [pid 32186 tid 32186] Python 3.11.7 on linux; pid 32186
    [pid 32186 tid 32186] GIL enabled: True; sys.getswitchinterval() = 0.005 s
    [pid 32186 tid 32186] [lesson] environment gil=True switch_interval_s=0.005
    [pid 32186 tid 32186] [lesson] phase name=tutorial workers=2 calls=1000000
    [pid 32186 tid 32186] phase tutorial: 2 threads x 1,000,000 calls of balance = balance + n - n
    [pid 32186 tid 32186] tutorial round 1: expected 0, got 0: correct; 0.34 s, 128 voluntary
      switches
    [pid 32186 tid 32186] [lesson] round phase=tutorial n=1 expected=0 got=0 lost=0 elapsed_s=0.344
      vcsw=128 ivcsw=170
    [pid 32186 tid 32186] tutorial round 2: expected 0, got 0: correct; 0.35 s, 125 voluntary
      switches
    ...
    [pid 32186 tid 32186] [lesson] phase-end name=tutorial elapsed_s=1.714 rounds=5 bad_rounds=0
    [pid 32186 tid 32186] [lesson] phase name=unlocked workers=2 calls=1000000
    [pid 32186 tid 32186] phase unlocked: 2 threads x 1,000,000 x balance = add(balance, 1)
    [pid 32186 tid 32186] unlocked round 1: expected 2,000,000, got 1,533,285: off by 466,715
      (23.3%); 0.22 s, 80 voluntary switches
    [pid 32186 tid 32186] [lesson] round phase=unlocked n=1 expected=2000000 got=1533285 lost=466715
      elapsed_s=0.221 vcsw=80 ivcsw=9
    [pid 32186 tid 32186] unlocked round 2: expected 2,000,000, got 1,351,961: off by 648,039
      (32.4%); 0.26 s, 135 voluntary switches
    [pid 32186 tid 32186] [lesson] round phase=unlocked n=2 expected=2000000 got=1351961 lost=648039
      elapsed_s=0.258 vcsw=135 ivcsw=12
    ...
    [pid 32186 tid 32186] [lesson] phase-end name=unlocked elapsed_s=1.244 rounds=5 bad_rounds=5
    [pid 32186 tid 32186] [lesson] phase name=locked workers=2 calls=1000000
    [pid 32186 tid 32186] phase locked: the same deposits inside `with lock:` (2 x 1,000,000)
    [pid 32186 tid 32186] locked round 1: expected 2,000,000, got 2,000,000: correct; 2.45 s, 92,102
      voluntary switches
    [pid 32186 tid 32186] [lesson] round phase=locked n=1 expected=2000000 got=2000000 lost=0
      elapsed_s=2.449 vcsw=92102 ivcsw=27
    [pid 32186 tid 32186] locked round 2: expected 2,000,000, got 2,000,000: correct; 2.62 s, 91,274
      voluntary switches
    [pid 32186 tid 32186] [lesson] round phase=locked n=2 expected=2000000 got=2000000 lost=0
      elapsed_s=2.619 vcsw=91274 ivcsw=23
    [pid 32186 tid 32186] [lesson] phase-end name=locked elapsed_s=5.069 rounds=2 bad_rounds=0
    [pid 32186 tid 32186] [lesson] result slowdown=10.214 unlocked_s=0.248 locked_s=2.534
      unlocked_vcsw=121 locked_vcsw=91688
    [pid 32186 tid 32186] result: tutorial drifted from 0 in 0/5 rounds; unlocked lost updates in
      5/5 rounds; locked lost updates in 0/2 rounds; the lock cost 10.2x the time (0.25 -> 2.53 s
      per round) and 121 -> 91,688 voluntary switches
Title (zh):
    计数器：两个线程之间丢失的更新，以及修复它的锁
Teaches (zh):
    两个线程读取同一个共享变量、算出新值再写回去时，可能会丢掉对方的更新：如果线程 1 在读和写之间被
    暂停，线程 2 在这期间写入的值就会被覆盖。用 threading.Lock 把“读-改-写”包起来，它就变成了谁也
    打断不了的一步。

    “tutorial” 阶段运行经典教程里的代码：两个线程各自执行一百万次
    `balance = balance + n; balance = balance - n`，教程说余额会偏离 0。在 Python 3.10 及更新
    版本（有 GIL）上并不会，你每一轮都会看到 “got 0”。原因在于 CPython 切换线程的方式：想要 GIL
    的线程先等 5 毫秒（sys.getswitchinterval()），然后请求正在运行的线程放手，但正在运行的线程只在
    某些位置检查这个请求：函数开始时、循环跳回开头时、以及一次调用返回之后。
    `balance = balance + n` 编译成读取、相加、存储，中间没有任何这样的检查点，所以切换不可能发生在
    它里面。直到 3.9，几乎每条指令都是检查点，教程的演示是有效的。这段代码仍然是错的：它的安全只是
    字节码的巧合，中间只要有一次调用，bug 就回来了；而在线程真正同时运行的自由线程版本
    （3.13t、3.14t）上，预计它会再次出错。

    “unlocked” 阶段正好演示这一点：每个线程用 `balance = add(balance, 1)` 存一百万次 1，其中
    add() 是一个普通函数。现在读取 balance 与存储结果之间可以发生切换，每一轮都比预期的
    2,000,000 少。“locked” 阶段是同样的代码，只是在更新外面加了 `with lock:`：从不缺少，但更慢，
    因为线程要排队等锁，把锁（和 GIL）来回交接；自愿上下文切换次数反映了这种等待。慢多少在不同的运行
    机器和 Python 版本之间差别很大：我们在 3.11 上测得从约 3 倍到 10 倍以上不等。
Watch in ptop (zh):
    一个进程，三个线程：主线程（在 join() 里睡眠）以及 Worker-1/Worker-2。在不加锁的阶段，两个
    工作线程分享一个核（各约 50 %，合计约 100 %：GIL 同一时刻只允许一个线程运行 Python 代码）。
    在加锁阶段，进程用不满一个核，工作线程的自愿上下文切换次数迅速上升，因为它们一次次睡下去，
    等待锁被释放。
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
import functools
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

PHASES = ("tutorial", "unlocked", "locked")

# The shared state every worker thread reads and writes.
balance = 0
lock = threading.Lock()


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


# ---- The three kinds of update. Only these functions differ between the phases. ----------


def deposit_and_withdraw(amount: int) -> None:
    """The classic tutorial's update: add, then subtract, so the balance should stay 0."""
    global balance
    balance = balance + amount
    balance = balance - amount


def add(a: int, b: int) -> int:
    """A plain function. Calling it is a point where another thread may take over."""
    return a + b


def deposit_unlocked(calls: int) -> None:
    """Deposit 1, `calls` times, with the read and the write not protected."""
    global balance
    for _ in range(calls):
        balance = add(balance, 1)


def deposit_locked(calls: int) -> None:
    """Exactly the same deposits, with the read-modify-write inside the lock."""
    global balance
    for _ in range(calls):
        with lock:
            balance = add(balance, 1)


def tutorial_loop(calls: int, amount: int) -> None:
    """Call the tutorial's update `calls` times with this thread's amount."""
    for _ in range(calls):
        deposit_and_withdraw(amount)


# ---- Measuring one thread's context switches. ----------------------------------------------


def thread_switches() -> tuple[int, int]:
    """(voluntary, involuntary) context switches of the calling thread so far, or (0, 0)."""
    # Voluntary: the thread went to sleep (waiting for the GIL, a lock, I/O).
    # Involuntary: the kernel took the CPU away because its time slice was up.
    path = f"/proc/self/task/{threading.get_native_id()}/status"
    voluntary = involuntary = 0
    try:
        with open(path, encoding="ascii") as status:
            for line in status:
                if line.startswith("voluntary_ctxt_switches:"):
                    voluntary = int(line.split()[1])
                elif line.startswith("nonvoluntary_ctxt_switches:"):
                    involuntary = int(line.split()[1])
    except OSError:
        pass  # no /proc on this system: report zeros
    return voluntary, involuntary


def worker(
    body: Callable[[], None],
    start_line: threading.Barrier,
    switches: list[tuple[int, int]],
) -> None:
    """Wait until every thread is ready, run `body`, and record this thread's switches."""
    try:
        start_line.wait()  # all workers start together, so they really overlap
    except threading.BrokenBarrierError:
        return  # the run was cancelled before it began
    before = thread_switches()
    body()
    after = thread_switches()
    switches.append((after[0] - before[0], after[1] - before[1]))


# ---- One round and one phase. ------------------------------------------------------------


def run_round(phase: str, workers: int, calls: int) -> tuple[int, int, float, int, int]:
    """Run one round of `phase`; return (expected, got, elapsed_s, vcsw, ivcsw)."""
    global balance
    balance = 0
    bodies: list[Callable[[], None]]
    if phase == "tutorial":
        # Different amounts per thread, like the tutorial (5 and 8); the expected result is 0.
        amounts = [5 + 3 * index for index in range(workers)]
        bodies = [functools.partial(tutorial_loop, calls, amount) for amount in amounts]
        expected = 0
    elif phase == "unlocked":
        bodies = [functools.partial(deposit_unlocked, calls)] * workers
        expected = workers * calls
    else:
        bodies = [functools.partial(deposit_locked, calls)] * workers
        expected = workers * calls

    start_line = threading.Barrier(workers + 1)
    switches: list[tuple[int, int]] = []
    threads = [
        threading.Thread(target=worker, args=(body, start_line, switches), name=f"Worker-{n}")
        for n, body in enumerate(bodies, start=1)
    ]
    for thread in threads:
        thread.start()
    try:
        start_line.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
    except BaseException:
        start_line.abort()  # release workers still waiting at the start line
        for thread in threads:
            thread.join()  # a round takes at most about a second; let it finish
        raise
    elapsed = time.perf_counter() - started
    vcsw = sum(voluntary for voluntary, _ in switches)
    ivcsw = sum(involuntary for _, involuntary in switches)
    return expected, balance, elapsed, vcsw, ivcsw


def run_phase(
    phase: str, workers: int, calls: int, max_rounds: int, budget_s: float
) -> tuple[int, int, float, int]:
    """Run rounds of `phase` until max_rounds or the time budget; return totals."""
    lesson("phase", name=phase, workers=workers, calls=calls)
    if phase == "tutorial":
        say(f"phase tutorial: {workers} threads x {calls:,} calls of balance = balance + n - n")
    elif phase == "unlocked":
        say(f"phase unlocked: {workers} threads x {calls:,} x balance = add(balance, 1)")
    else:
        say(f"phase locked: the same deposits inside `with lock:` ({workers} x {calls:,})")
    phase_started = time.perf_counter()
    rounds = bad_rounds = vcsw_total = 0
    time_total = 0.0
    while rounds < max_rounds:
        expected, got, elapsed, vcsw, ivcsw = run_round(phase, workers, calls)
        rounds += 1
        lost = expected - got
        bad_rounds += lost != 0
        time_total += elapsed
        vcsw_total += vcsw
        verdict = "correct" if lost == 0 else f"off by {lost:,} ({lost / max(1, expected):.1%})"
        if phase == "tutorial":
            verdict = "correct" if lost == 0 else f"drifted by {-lost:,}"
        say(
            f"{phase} round {rounds}: expected {expected:,}, got {got:,}: {verdict}; "
            f"{elapsed:.2f} s, {vcsw:,} voluntary switches"
        )
        lesson(
            "round",
            phase=phase,
            n=rounds,
            expected=expected,
            got=got,
            lost=lost,
            elapsed_s=elapsed,
            vcsw=vcsw,
            ivcsw=ivcsw,
        )
        if time.perf_counter() - phase_started >= budget_s:
            break
    lesson(
        "phase-end",
        name=phase,
        elapsed_s=time.perf_counter() - phase_started,
        rounds=rounds,
        bad_rounds=bad_rounds,
    )
    return rounds, bad_rounds, time_total / rounds, vcsw_total // rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Counter: lost updates and the lock")
    parser.add_argument(
        "--seconds", type=float, default=15.0, help="rough time budget for all phases together"
    )
    parser.add_argument("--rounds", type=int, default=5, help="most rounds per phase")
    parser.add_argument("--calls", type=int, default=1_000_000, help="updates per thread per round")
    parser.add_argument("--workers", type=int, default=2, help="threads per round")
    parser.add_argument("--only", choices=PHASES, help="run just one phase")
    parser.add_argument("--lock", action="store_true", help="same as --only locked")
    parser.add_argument(
        "--switch-interval",
        type=float,
        help="set sys.setswitchinterval() first (seconds; default 0.005)",
    )
    args = parser.parse_args(argv)
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)
    phases = ["locked"] if args.lock else [args.only] if args.only else list(PHASES)

    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}")
    say(f"GIL enabled: {gil_enabled}; sys.getswitchinterval() = {sys.getswitchinterval()} s")
    lesson("environment", gil=gil_enabled, switch_interval_s=sys.getswitchinterval())

    summary: dict[str, tuple[int, int, float, int]] = {}
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        for phase in phases:
            summary[phase] = run_phase(
                phase, args.workers, args.calls, args.rounds, args.seconds / len(phases)
            )
    except KeyboardInterrupt:
        say("result: interrupted; worker threads joined")
        return 130

    parts = []
    for phase, (rounds, bad, _, _) in summary.items():
        what = "drifted from 0" if phase == "tutorial" else "lost updates"
        parts.append(f"{phase} {what} in {bad}/{rounds} rounds")
    if "unlocked" in summary and "locked" in summary:
        _, _, plain_s, plain_vcsw = summary["unlocked"]
        _, _, locked_s, locked_vcsw = summary["locked"]
        parts.append(
            f"the lock cost {locked_s / plain_s:.1f}x the time "
            f"({plain_s:.2f} -> {locked_s:.2f} s per round) and "
            f"{plain_vcsw:,} -> {locked_vcsw:,} voluntary switches"
        )
        lesson(
            "result",
            slowdown=locked_s / plain_s,
            unlocked_s=plain_s,
            locked_s=locked_s,
            unlocked_vcsw=plain_vcsw,
            locked_vcsw=locked_vcsw,
        )
    say("result: " + "; ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
