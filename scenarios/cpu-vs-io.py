#!/usr/bin/env python3
"""CPU-bound vs IO-bound: when threads help and when they don't

Order: 11
Teaches:
    A task that mostly waits (disk, network, a timer) is IO-bound; one that mostly computes
    is CPU-bound. Threads help the first kind: a waiting thread releases the GIL, so eight
    one-second waits in eight threads take about one second. They do not help the second:
    eight threads doing Python arithmetic take turns on the GIL and finish no sooner than one
    (use processes, or C code that releases the GIL). The last phase shows the convoy effect:
    a thread sleeping 1 ms wakes on time alone, but next to a thread spinning in Python it
    must then wait for the GIL, which it asks for only after sys.getswitchinterval() (5 ms),
    so each 1 ms nap takes about 6 ms.
Watch in ptop:
    sequential: one thread asleep, 0 % CPU. io-threads: 9 threads asleep, still 0 % CPU,
    done in one wait's time. cpu-sequential and cpu-threads: about 100 % (one core) either
    way. convoy: a Sleeper with almost no CPU, then a Spinner at 100 % beside it.
Run:
    python scenarios/cpu-vs-io.py [--seconds 15] [--workers 8]
Sample output:
    Python 3.11.7; sys.getswitchinterval() = 0.005 s
    phase sequential: 8 waits of 1.00 s, one after another · workers=8
    phase sequential done · elapsed=8.01s cpu=0.00s
    phase io-threads: the same 8 waits in 8 threads · workers=8
    phase io-threads done · elapsed=1.01s cpu=0.01s
    ...
    300 naps of 1 ms next to a spinning thread took 2.00 s · late=5.57ms on average, worst 13 ms
    result: threads made the IO waits 8.0x faster and the CPU work 0.98x
Title (zh):
    计算密集型与 IO 密集型：线程什么时候有用，什么时候没用
Teaches (zh):
    大部分时间在等待（磁盘、网络、定时器）的任务是 IO 密集型；大部分时间在计算的是计算密集型。
    线程对前者有用：等待的线程会释放 GIL，八个线程里的八次一秒等待总共约一秒。对后者没用：八个做
    Python 算术的线程轮流持有 GIL，并不比一个线程更快完成（要用进程，或会释放 GIL 的 C 代码）。
    最后一个阶段展示护航效应：一个睡 1 毫秒的线程单独时按时醒来，但旁边有在 Python 里空转的线程时，
    它醒来还得等 GIL，而它要过 sys.getswitchinterval()（5 毫秒）才会请求，于是每次 1 毫秒的
    小睡要花约 6 毫秒。
Watch in ptop (zh):
    sequential：一个线程在睡眠，CPU 0 %。io-threads：9 个线程都在睡眠，CPU 仍为 0 %，一次等待的
    时间就完成。cpu-sequential 和 cpu-threads：无论哪种都约 100 %（一个核）。convoy：一个几乎不占
    CPU 的 Sleeper，随后旁边出现一个 100 % 的 Spinner。
"""

import argparse
import signal
import statistics
import sys
import threading
import time
from collections.abc import Callable


def io_task(seconds: float) -> None:
    time.sleep(seconds)  # a wait: the GIL is released meanwhile


def cpu_task(steps: int) -> None:
    x = 0
    for _ in range(steps):
        x ^= 1  # Python arithmetic: holds the GIL


def in_threads(name: str, n: int, task: Callable[[], None]) -> None:
    threads = [threading.Thread(target=task, name=f"{name}-{i}") for i in range(1, n + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def one_after_another(n: int, task: Callable[[], None]) -> None:
    for _ in range(n):
        task()


def convoy(naps: int, with_spinner: bool) -> None:
    """Nap 1 ms `naps` times in a Sleeper thread, alone or next to a Spinner; say how late."""
    late: list[float] = []
    done = threading.Event()
    sleeper = threading.Thread(target=nap, args=(naps, late), name="Sleeper")
    spinner = threading.Thread(target=spin_until, args=(done,), name="Spinner")
    if with_spinner:
        spinner.start()
    t0 = time.perf_counter()
    sleeper.start()
    sleeper.join()
    done.set()
    took = time.perf_counter() - t0
    who = "next to a spinning thread" if with_spinner else "alone"
    say(
        f"{naps} naps of 1 ms {who} took {took:.2f} s · late={statistics.fmean(late):.2f}ms"
        f" on average, worst {max(late):.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    n, wait = args.workers, args.seconds / 15  # 15 s in all makes each wait 1 s
    steps = int(loop_speed() * 2 * wait / n)  # all n CPU tasks: about 2 waits on one core
    say(f"Python {sys.version.split()[0]}; sys.getswitchinterval() = {sys.getswitchinterval()} s")
    phases: list[tuple[str, str, Callable[[], None]]] = [
        (
            "sequential",
            f"{n} waits of {wait:.2f} s, one after another",
            lambda: one_after_another(n, lambda: io_task(wait)),
        ),
        (
            "io-threads",
            f"the same {n} waits in {n} threads",
            lambda: in_threads("IO", n, lambda: io_task(wait)),
        ),
        (
            "cpu-sequential",
            f"{n} CPU tasks of {steps / 1e6:.1f} M loop steps, one after another",
            lambda: one_after_another(n, lambda: cpu_task(steps)),
        ),
        (
            "cpu-threads",
            f"the same {n} CPU tasks in {n} threads",
            lambda: in_threads("CPU", n, lambda: cpu_task(steps)),
        ),
    ]
    took: dict[str, float] = {}
    for name, description, run in phases:
        say(f"phase {name}: {description} · workers={n}")
        t0, cpu0 = time.perf_counter(), time.process_time()
        run()
        took[name] = time.perf_counter() - t0
        say(f"phase {name} done · elapsed={took[name]:.2f}s cpu={time.process_time() - cpu0:.2f}s")

    naps = max(50, round(20 * args.seconds))
    say(f"phase convoy: a Sleeper thread naps 1 ms, alone, then with company · sleeps={naps}")
    t0 = time.perf_counter()
    convoy(naps, with_spinner=False)
    convoy(naps, with_spinner=True)
    say(f"phase convoy done · elapsed={time.perf_counter() - t0:.2f}s")
    io_gain = took["sequential"] / took["io-threads"]
    cpu_gain = took["cpu-sequential"] / took["cpu-threads"]
    say(f"result: threads made the IO waits {io_gain:.1f}x faster and the CPU work {cpu_gain:.2f}x")
    return 0


# ---- plumbing you can skip ----


def nap(naps: int, late: list[float]) -> None:
    for _ in range(naps):
        t0 = time.perf_counter()
        time.sleep(0.001)
        late.append((time.perf_counter() - t0 - 0.001) * 1000)


def spin_until(done: threading.Event) -> None:
    while not done.is_set():
        cpu_task(100_000)


def loop_speed() -> float:
    """Loop steps per second of cpu_task() on this machine, measured for about 0.1 s."""
    t0 = time.perf_counter()
    cpu_task(1_000_000)
    return 1_000_000 / (time.perf_counter() - t0)


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=15.0, help="rough total time")
    parser.add_argument("--workers", type=int, default=8, help="tasks (and threads) per phase")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
