#!/usr/bin/env python3
"""Distributed: a master and workers sharing queues through a manager

Order: 14
Teaches:
    multiprocessing.managers lets processes use an object that lives in another process, even
    on another machine: a server process holds it, clients call it through proxies over a
    socket. The master serves a task queue and a result queue, puts ten numbers in, and
    starts workers that connect, square the numbers and send the answers back (a worker may
    also run in another terminal: the master prints the command). The classic tutorial's
    version is fixed here: it listened on every interface, port 5000, key b"abc" (manager
    traffic is pickle: whoever has the key can run code), so this one uses 127.0.0.1, a free
    port and a random key; it registered lambdas (they cannot be pickled under spawn or
    forkserver, Linux's default from 3.14), so these are module-level functions; its worker
    wrote `except Queue.Empty` after `import queue` (a NameError) and could not tell the
    master was gone, so this one stops on queue.Empty and on EOFError/ConnectionError. A
    client with the tutorial's key is refused with AuthenticationError.
Watch in ptop:
    The master, its manager server process (QueueManager-1: the queues live there, one thread
    per client) and two Worker processes, mostly asleep. Only 127.0.0.1 is involved.
Run:
    python scenarios/distributed.py [--seconds 8] [--workers 2] [--tasks 10] [--key-file FILE]
    python scenarios/distributed.py --connect 127.0.0.1:PORT --key-file FILE  (another terminal)
Sample output:
    the manager serves two queues on 127.0.0.1:33815 only (start method fork)
    put task 4589
    a client with key b'abc' was refused: AuthenticationError: digest sent was rejected
    run task 4589 * 4589...
    worker 5002 sent back 4589 * 4589 = 21058921
    Worker-2: the task queue stayed empty, done
    result: 10/10 numbers squared by 2 worker processes in 10.1 s; the wrong key was refused
Title (zh):
    分布式进程：主进程和工作进程通过管理器共享队列
Teaches (zh):
    multiprocessing.managers 让进程使用存放在另一个进程、甚至另一台机器上的对象：服务进程持有它，
    客户端通过套接字上的代理调用。主进程提供任务队列和结果队列，放进十个数字，再启动工作进程去连接、
    求平方、把答案送回（工作进程也可以在另一个终端运行：主进程会打印命令）。经典教程的版本在这里
    修正了：它在所有接口的 5000 端口监听，口令 b"abc"（管理器通信用 pickle：有口令就能执行代码），
    这里改用 127.0.0.1、空闲端口和随机口令；它注册 lambda（在 spawn 或 forkserver 下无法 pickle，
    Linux 从 3.14 起默认 forkserver），这里用模块级函数；它的工作进程在 `import queue` 之后写了
    `except Queue.Empty`（NameError），也不知道主进程已经不在，这里在 queue.Empty 和
    EOFError/ConnectionError 时停止。用教程口令的客户端会被 AuthenticationError 拒绝。
Watch in ptop (zh):
    主进程、它的管理器服务进程（QueueManager-1：队列在这里，每个客户端一个线程）和两个 Worker
    进程，大多在睡眠。只涉及 127.0.0.1。
"""

import argparse
import multiprocessing
import os
import queue
import random
import secrets
import signal
import sys
import time
from multiprocessing.managers import BaseManager

task_queue: queue.Queue = queue.Queue()
result_queue: queue.Queue = queue.Queue()


def get_task_queue() -> queue.Queue:  # module-level, not a lambda: it must pickle
    return task_queue


def get_result_queue() -> queue.Queue:
    return result_queue


class QueueManager(BaseManager):
    pass


QueueManager.register("get_task_queue", callable=get_task_queue)
QueueManager.register("get_result_queue", callable=get_result_queue)


def worker(address: tuple[str, int], authkey: bytes, delay: float) -> None:
    """Connect to the master's server and square numbers until none are left."""
    manager = QueueManager(address=address, authkey=authkey)
    try:
        manager.connect()
        task, result = manager.get_task_queue(), manager.get_result_queue()
        while True:
            n = task.get(timeout=1)  # raises queue.Empty after 1 s without work
            say(f"run task {n} * {n}...")
            time.sleep(delay)  # pretend this is hard work
            result.put((n, n * n, os.getpid()))
    except queue.Empty:  # the tutorial wrote Queue.Empty: a NameError
        say(f"{multiprocessing.current_process().name}: the task queue stayed empty, done")
    except (EOFError, ConnectionError):
        say(f"{multiprocessing.current_process().name}: the master is gone, stopping")


def main(argv: list[str] | None = None) -> int:
    args = setup(argv)
    if args.connect:
        return join_from_elsewhere(args.connect, args.key_file, args.delay)
    started = time.monotonic()
    authkey = secrets.token_bytes(16)  # not b"abc": whoever holds the key can run code
    manager = QueueManager(address=("127.0.0.1", 0), authkey=authkey)  # loopback, a free port
    manager.start(signal.signal, (signal.SIGINT, signal.SIG_DFL))  # Ctrl+C: the server ends too
    host, port = manager.address
    method = multiprocessing.get_start_method()
    say(f"the manager serves two queues on {host}:{port} only (start method {method})")
    if args.key_file:  # only when asked: a stopped master cannot clean it up
        save_key(authkey, args.key_file)
        say(f"another worker can join: --connect {host}:{port} --key-file {args.key_file}")
    task, result = manager.get_task_queue(), manager.get_result_queue()
    for _ in range(args.tasks):
        n = random.randint(2, 9999)
        say(f"put task {n}")
        task.put(n)

    delay = args.seconds * max(1, args.workers) / max(1, args.tasks)
    workers = [
        multiprocessing.Process(
            target=worker, args=((host, port), authkey, delay), name=f"Worker-{i}"
        )
        for i in range(1, args.workers + 1)
    ]
    for w in workers:
        w.start()
    try:  # the tutorial's key is refused, and the server goes on serving
        QueueManager(address=(host, port), authkey=b"abc").connect()
    except multiprocessing.AuthenticationError as error:
        say(f"a client with key b'abc' was refused: AuthenticationError: {error}")

    received = 0
    for _ in range(args.tasks):
        n, square, pid = result.get(timeout=args.seconds * 3 + 60)
        received += 1
        say(f"worker {pid} sent back {n} * {n} = {square}")
    for w in workers:
        w.join()
        say(f"{w.name} exited · pid={w.pid} code={w.exitcode}")
    manager.shutdown()
    say(
        f"result: {received}/{args.tasks} numbers squared by {len(workers)} worker processes"
        f" in {time.monotonic() - started:.1f} s; the wrong key was refused"
    )
    return 0


# ---- plumbing you can skip ----


def save_key(authkey: bytes, path: str) -> None:
    """Write the key (hex) to a file only its owner can read, for a worker in another terminal."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(authkey.hex())


def join_from_elsewhere(connect: str, key_file: str | None, delay: float) -> int:
    """--connect: be one more worker for a master started in another terminal."""
    if not key_file:
        say("result: give the master's --key-file FILE")
        return 2
    host, _, port = connect.rpartition(":")
    with open(key_file) as file:
        worker((host, int(port)), bytes.fromhex(file.read().strip()), delay)
    say("result: this worker is done")
    return 0


def setup(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends us at once, children too, quietly
    parser.add_argument("--seconds", type=float, default=8.0, help="rough total time")
    parser.add_argument("--workers", type=int, default=2, help="worker processes to start")
    parser.add_argument("--tasks", type=int, default=10, help="numbers to square")
    parser.add_argument("--connect", metavar="HOST:PORT", help="be a worker for a master")
    parser.add_argument("--key-file", help="master: write the key here; --connect: read it")
    parser.add_argument("--delay", type=float, default=0.5, help="with --connect: s per task")
    return parser.parse_args(argv)


def say(text: str) -> None:  # one write() per line: lines of other threads/processes never mix
    print(text + "\n", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
