"""Test fixture: named threads and multiprocessing children that stay alive.

Usage: thread_names.py INFO_FILE START_METHOD

Writes JSON to INFO_FILE once everything runs: this pid, the native id of
each named thread, and the pid and multiprocessing name of each child.
Then it sleeps until it is stopped.
"""

import json
import multiprocessing
import os
import sys
import threading
import time

THREAD_NAMES = ["LoopThread", "生产者线程", "一个很长的线程名字", "ThreadWithAVeryLongName"]


def square(number: int) -> int:
    return number * number


def sleep_forever() -> None:
    time.sleep(600)


def main() -> int:
    info_file, method = sys.argv[1], sys.argv[2]
    stop = threading.Event()
    tids: dict[str, int] = {}
    ready = threading.Barrier(len(THREAD_NAMES) + 1)

    def remember_and_wait() -> None:
        tids[threading.current_thread().name] = threading.get_native_id()
        ready.wait()
        stop.wait()

    threads = [threading.Thread(target=remember_and_wait, name=name) for name in THREAD_NAMES]
    for thread in threads:
        thread.start()
    ready.wait()
    context = multiprocessing.get_context(method)
    process = context.Process(target=sleep_forever, name="Worker-1")
    process.start()
    with context.Pool(2) as pool:
        pool.map(square, range(4))
        children = [(child.pid, child.name) for child in multiprocessing.active_children()]
        info = {"pid": os.getpid(), "tids": tids, "children": children}
        with open(info_file + ".tmp", "w") as stream:
            json.dump(info, stream)
        os.replace(info_file + ".tmp", info_file)
        sys.stdout.write("ready\n")
        time.sleep(600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
