#!/usr/bin/env python3
"""Distributed: a master and workers sharing queues through a manager

Order: 14
Teaches:
    multiprocessing.managers lets processes use a Python object that lives in another
    process, even on another machine: a manager server holds the object and clients call its
    methods through proxies over a socket. Here the master serves two queues, one for tasks
    and one for results. It puts ten numbers into the task queue and starts worker processes
    that connect to the server, take numbers, square them (with a small delay, to be
    watchable) and put the answers into the result queue. The worker could just as well run
    in another terminal: the master prints the command.

    The classic tutorial's version needs several fixes, all made here. It listens on every
    network interface with a fixed port and the password b"abc"; manager traffic is pickle,
    and anyone who can connect with the key can make the server run code, so this master
    listens on 127.0.0.1 only, on a free port chosen by the system (port 0), with a random
    16-byte key from secrets.token_bytes() (for another machine, use an SSH tunnel rather
    than opening the port). It registers lambdas, which cannot be pickled under spawn and
    forkserver (the default on macOS, Windows and, from 3.14, Linux), and has no __main__
    guard; here the registered callables are module-level functions. Its worker writes
    `except Queue.Empty` after `import queue`, a NameError waiting to happen, and has no way
    to stop when the master goes away; this worker stops when the task queue stays empty
    (queue.Empty) and treats EOFError/ConnectionError as "the master is gone". Finally the
    master shows what the key is for: a client with the wrong key (b"abc") is refused with
    AuthenticationError, and the server keeps serving everyone else.
Watch in ptop:
    The master, under it the manager's server process (QueueManager-1 in the output; the
    queues live there, it has a thread per connected client) and the two Worker processes.
    Everyone is mostly asleep: the workers in their delay or waiting on a socket for the
    server's answer, the server waiting for requests, the master waiting for results.
    Nothing but 127.0.0.1 is involved: `ss -tlnp` shows the server's port on loopback only.
Run:
    python scenarios/distributed.py [--seconds 8] [--workers 2] [--tasks 10]
    python scenarios/distributed.py --workers 0      (then start workers by hand:)
    python scenarios/distributed.py --connect 127.0.0.1:PORT --key-file FILE
Sample output:
    [pid 4980 tid 4980] Python 3.11.7 on linux; pid 4980
    [pid 4980 tid 4980] start method: fork
    [pid 4992 tid 4992] QueueManager-1 is the manager's server process; the two queues live here
    [pid 4980 tid 4980] manager server process started; it listens on 127.0.0.1:33815 only
    [pid 4980 tid 4980] [lesson] serving host=127.0.0.1 port=33815
    [pid 4980 tid 4980] another worker can join: python scenarios/distributed.py --connect
      127.0.0.1:33815 --key-file /tmp/ptop-manager-grwh2n0u.key
    [pid 4980 tid 4980] sent 4589
    [pid 4980 tid 4980] [lesson] sent n=4589
    [pid 4980 tid 4980] sent 3792
    [pid 4980 tid 4980] [lesson] sent n=3792
    ...
    [pid 4980 tid 4980] started Worker-1 as pid 5001
    [pid 4980 tid 4980] started Worker-2 as pid 5002
    [pid 4980 tid 4980] a client with key b'abc' was refused: AuthenticationError: digest sent was
      rejected
    [pid 4980 tid 4980] [lesson] auth-rejected
    [pid 4980 tid 4980] the server still serves: 10 tasks are waiting in its queue
    [pid 5002 tid 5002] worker connected to 127.0.0.1:33815
    [pid 5001 tid 5001] worker connected to 127.0.0.1:33815
    [pid 5002 tid 5002] squaring 4589
    [pid 5001 tid 5001] squaring 3792
    [pid 4980 tid 4980] result 4589 * 4589 = 21058921 (from worker pid 5002)
    [pid 4980 tid 4980] [lesson] result n=4589 value=21058921 worker=5002
    [pid 5002 tid 5002] squaring 5963
    [pid 4980 tid 4980] result 3792 * 3792 = 14379264 (from worker pid 5001)
    [pid 4980 tid 4980] [lesson] result n=3792 value=14379264 worker=5001
    ...
    [pid 4980 tid 4980] [lesson] result n=720 value=518400 worker=5001
    [pid 5002 tid 5002] task queue empty for 1 s: worker done
    [pid 5002 tid 5002] [lesson] worker-exit reason=empty done=5
    [pid 5001 tid 5001] task queue empty for 1 s: worker done
    [pid 5001 tid 5001] [lesson] worker-exit reason=empty done=5
    [pid 4980 tid 4980] [lesson] exit pid=5001 code=0
    [pid 4980 tid 4980] [lesson] exit pid=5002 code=0
    [pid 4980 tid 4980] result: 10/10 numbers squared by 2 worker process(es) in 10.1 s; wrong key
      refused; served on 127.0.0.1 only
Title (zh):
    分布式进程：主进程和工作进程通过管理器共享队列
Teaches (zh):
    multiprocessing.managers 让进程可以使用存放在另一个进程里、甚至另一台机器上的 Python 对象：由
    管理器服务进程持有对象，客户端通过套接字上的代理调用它的方法。这里主进程提供两个队列，一个放任务，
    一个放结果。它把十个数字放进任务队列，并启动若干工作进程；工作进程连接服务器，取出数字，求平方
    （带一点延迟，方便观察），再把答案放进结果队列。工作进程同样可以在另一个终端里运行：主进程会打印
    出命令。

    经典教程的版本需要好几处修正，这里全都做了。它在所有网络接口上监听，端口固定，口令是 b"abc"；
    管理器的通信用的是 pickle，任何能带着口令连上来的人都能让服务器执行代码，所以这个主进程只在
    127.0.0.1 上监听，端口由系统挑一个空闲的（端口 0），口令是 secrets.token_bytes() 生成的 16 个
    随机字节（要跨机器，请用 SSH 隧道，而不是开放端口）。它注册的是 lambda，在 spawn 和 forkserver
    （macOS、Windows 以及从 3.14 起 Linux 的默认方式）下无法 pickle，而且没有 __main__ 保护；这里
    注册的是模块级函数。它的工作进程在 `import queue` 之后写了 `except Queue.Empty`，这是一个迟早
    出现的 NameError，而且主进程消失时它没有办法停下；这里的工作进程在任务队列持续为空时
    （queue.Empty）停止，并把 EOFError/ConnectionError 当作“主进程已经不在了”。最后，主进程
    演示口令的用途：用错误口令（b"abc"）的客户端会被 AuthenticationError 拒绝，而服务器继续为
    其他人服务。
Watch in ptop (zh):
    主进程，它下面是管理器的服务进程（输出里叫 QueueManager-1；队列就在这里，每个连接的客户端对应
    它的一个线程），以及两个 Worker 进程。大家大部分时间都在睡眠：工作进程在延迟中，或在套接字上等
    服务器的回答；服务进程等待请求；主进程等待结果。只涉及 127.0.0.1：`ss -tlnp` 显示服务器的端口
    只在回环地址上。
"""

import os
import sys

# Python puts this script's folder first on sys.path. Three scenarios in this folder share a name
# with a standard-library module (queue.py, subprocess.py, asyncio.py), so take the folder off the
# path before importing anything else; otherwise `import queue` below would load our queue.py.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
# Child interpreters started with `python -c` (spawn, forkserver, the resource tracker) would
# put the current directory first instead; PYTHONSAFEPATH (Python 3.11+) tells them not to.
os.environ["PYTHONSAFEPATH"] = "1"

import argparse
import contextlib
import multiprocessing
import multiprocessing.managers
import queue
import random
import secrets
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from types import FrameType

DEFAULT_START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
LOOPBACK = "127.0.0.1"
WRONG_KEY = b"abc"  # the classic tutorial's key, used here only to show it being refused
IDLE_TIMEOUT_S = 1.0  # a worker stops when the task queue stays empty this long
KEY_ENV = "PTOP_MANAGER_KEY"

# The two queues live in the manager's server process. Under spawn/forkserver that process
# imports this file again and gets its own fresh copies, which is fine: only the server ever
# touches them directly, everybody else goes through proxies.
task_queue: queue.Queue[int] = queue.Queue()
result_queue: queue.Queue[tuple[int, int, int]] = queue.Queue()


def get_task_queue() -> queue.Queue[int]:
    """Served as QueueManager.get_task_queue(); a module-level function, so it pickles."""
    return task_queue


def get_result_queue() -> queue.Queue[tuple[int, int, int]]:
    """Served as QueueManager.get_result_queue()."""
    return result_queue


class QueueManager(multiprocessing.managers.BaseManager):
    """A manager that serves our two queues. Master and workers use the same class."""


QueueManager.register("get_task_queue", callable=get_task_queue)
QueueManager.register("get_result_queue", callable=get_result_queue)


STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}  # the requests that stop a scenario


def say(text: str) -> None:
    """Print one line that starts with this process's PID and this thread's OS thread id."""
    # One write() per line: print() writes the text and the newline separately, and with
    # several processes sharing one pipe another line could slip in between them.
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


def server_started() -> None:
    """Runs first inside the manager's server process (the `initializer` of start())."""
    quiet_child_signals()
    name = multiprocessing.current_process().name
    say(f"{name} is the manager's server process; the two queues live here")


# ---- The worker. --------------------------------------------------------------------------


def work(address: tuple[str, int], authkey: bytes, delay_s: float) -> int:
    """Connect to the master's server and square numbers until there are none left."""
    done = 0
    manager = QueueManager(address=address, authkey=authkey)
    try:
        manager.connect()
        tasks = manager.get_task_queue()  # type: ignore[attr-defined]
        results = manager.get_result_queue()  # type: ignore[attr-defined]
        say(f"worker connected to {address[0]}:{address[1]}")
        while True:
            try:
                number = tasks.get(timeout=IDLE_TIMEOUT_S)
            except queue.Empty:
                say(f"task queue empty for {IDLE_TIMEOUT_S:g} s: worker done")
                lesson("worker-exit", reason="empty", done=done)
                return done
            say(f"squaring {number}")
            time.sleep(delay_s)  # pretend this is hard work
            results.put((number, number * number, os.getpid()))
            done += 1
    except (EOFError, ConnectionError):
        # The server closed the connection (or was never there): the master is gone.
        say("lost the connection to the master: worker stops")
        lesson("worker-exit", reason="master-gone", done=done)
        return done


def worker_process(address: tuple[str, int], authkey: bytes, delay_s: float) -> None:
    """Entry point of a Worker process started by the master."""
    quiet_child_signals()
    work(address, authkey, delay_s)


def run_worker(connect: str, key_file: str | None, delay_s: float) -> int:
    """--connect mode: this process is a worker for a master started elsewhere."""
    host, _, port = connect.rpartition(":")
    if key_file:
        with open(key_file, encoding="ascii") as file:
            key_hex = file.read().strip()
    else:
        key_hex = os.environ.get(KEY_ENV, "")
    if not key_hex:
        say(f"result: no key: pass --key-file FILE or set {KEY_ENV} (hex)")
        return 2
    try:
        done = work((host, int(port)), bytes.fromhex(key_hex), delay_s)
    except KeyboardInterrupt:
        say("result: interrupted")
        return 130
    except multiprocessing.AuthenticationError as error:
        say(f"result: the master refused our key: {error}")
        return 1
    say(f"result: this worker squared {done} numbers")
    return 0


# ---- The master. --------------------------------------------------------------------------


def try_wrong_key(address: tuple[str, int]) -> None:
    """Connect with the tutorial's key and show that the server refuses it."""
    intruder = QueueManager(address=address, authkey=WRONG_KEY)
    try:
        intruder.connect()
    except multiprocessing.AuthenticationError as error:
        say(f"a client with key {WRONG_KEY!r} was refused: AuthenticationError: {error}")
        lesson("auth-rejected")
    else:
        say(f"unexpected: the server accepted key {WRONG_KEY!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Distributed: master and workers via a manager")
    parser.add_argument("--seconds", type=float, default=8.0, help="rough total time budget")
    parser.add_argument("--workers", type=int, default=2, help="worker processes to start")
    parser.add_argument("--tasks", type=int, default=10, help="numbers to square")
    parser.add_argument(
        "--connect", metavar="HOST:PORT", help="be a worker for a master running elsewhere"
    )
    parser.add_argument("--key-file", help=f"worker mode: file with the key in hex ({KEY_ENV})")
    parser.add_argument("--delay", type=float, default=0.5, help="worker mode: seconds per task")
    parser.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        default=DEFAULT_START_METHOD,
        help=f"how the server and workers are started (default here: {DEFAULT_START_METHOD})",
    )
    args = parser.parse_args(argv)
    say(f"Python {sys.version.split()[0]} on {sys.platform}; pid {os.getpid()}")
    if args.connect:
        stop_on_sigterm()
        return run_worker(args.connect, args.key_file, args.delay)

    ctx = multiprocessing.get_context(args.start_method)
    say(f"start method: {ctx.get_start_method()}")
    # Spread the tasks so the whole run takes about --seconds.
    delay_s = args.seconds * max(1, args.workers) / max(1, args.tasks)
    authkey = secrets.token_bytes(16)
    manager = QueueManager(address=(LOOPBACK, 0), authkey=authkey, ctx=ctx)
    workers: list[multiprocessing.process.BaseProcess] = []
    key_path = ""
    serving = False
    started = time.monotonic()
    stop_on_sigterm()  # from here on, Ctrl+C or SIGTERM lands in `except KeyboardInterrupt`
    try:
        with stop_signals_held():
            manager.start(initializer=server_started)
            serving = True
        address = manager.address
        assert isinstance(address, tuple)  # (host, port); port 0 became a real port
        say(f"manager server process started; it listens on {address[0]}:{address[1]} only")
        lesson("serving", host=address[0], port=address[1])

        # Hand the key to hand-started workers through a private file (mode 0600), never
        # on the command line, where every user could read it in the process list.
        descriptor, key_path = tempfile.mkstemp(prefix="ptop-manager-", suffix=".key")
        with os.fdopen(descriptor, "w", encoding="ascii") as key_file:
            key_file.write(authkey.hex())
        say(
            "another worker can join: python scenarios/distributed.py "
            f"--connect {address[0]}:{address[1]} --key-file {key_path}"
        )

        tasks = manager.get_task_queue()  # type: ignore[attr-defined]
        results = manager.get_result_queue()  # type: ignore[attr-defined]
        for _ in range(args.tasks):
            number = random.randint(2, 9999)
            tasks.put(number)
            say(f"sent {number}")
            lesson("sent", n=number)

        for index in range(1, args.workers + 1):
            process = ctx.Process(
                target=worker_process, args=(address, authkey, delay_s), name=f"Worker-{index}"
            )
            with stop_signals_held():
                process.start()
                workers.append(process)
            say(f"started Worker-{index} as pid {process.pid}")

        try_wrong_key(address)
        say(f"the server still serves: {tasks.qsize()} tasks are waiting in its queue")

        # Without workers of our own, leave time for somebody to start one by hand.
        patience_s = args.seconds * 3 + 10 if args.workers else 120.0
        deadline = time.monotonic() + patience_s
        received = 0
        while received < args.tasks:
            try:
                number, square, worker_pid = results.get(
                    timeout=max(0.1, deadline - time.monotonic())
                )
            except queue.Empty:
                say(f"gave up waiting: {args.tasks - received} results never came")
                break
            received += 1
            say(f"result {number} * {number} = {square} (from worker pid {worker_pid})")
            lesson("result", n=number, value=square, worker=worker_pid)

        for process in workers:
            process.join()  # each one leaves IDLE_TIMEOUT_S after the queue runs dry
            lesson("exit", pid=process.pid, code=process.exitcode)
    except KeyboardInterrupt:
        for process in workers:
            if process.is_alive():
                process.terminate()
        for process in workers:
            process.join()
        if not serving:
            # Stopped while the server was still starting: it has no shutdown() yet.
            for child in multiprocessing.active_children():
                child.terminate()
                child.join()
        say("result: interrupted; workers terminated and joined, server shut down")
        return 130
    finally:
        # shutdown() asks the server process to exit and joins it (terminating it if needed).
        if serving:
            manager.shutdown()
        if key_path:
            os.remove(key_path)

    elapsed = time.monotonic() - started
    say(
        f"result: {received}/{args.tasks} numbers squared by {len(workers)} worker process(es) "
        f"in {elapsed:.1f} s; wrong key refused; served on {LOOPBACK} only"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
