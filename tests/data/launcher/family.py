"""Test fixture: a scenario with a Pool, a Process and a subprocess grandchild.

Usage: family.py PIDS_FILE [START_METHOD]

Writes the pids of everything it started as JSON to PIDS_FILE once all of it
runs, prints ``ready`` and sleeps until it is stopped.
"""

import json
import multiprocessing
import os
import subprocess
import sys
import time

GRANDCHILD = (  # its own child moves to a new session, out of the scenario's process group
    "import subprocess, sys, time\n"
    "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'],\n"
    "                     start_new_session=True)\n"
    "print(p.pid, flush=True)\n"
    "time.sleep(600)\n"
)


def sleep_forever() -> None:
    time.sleep(600)


def square(number: int) -> int:
    return number * number


def main() -> int:
    pids_file = sys.argv[1]
    context = multiprocessing.get_context(sys.argv[2] if len(sys.argv) > 2 else None)
    pool = context.Pool(2)
    pool.map(square, range(4))
    process = context.Process(target=sleep_forever, name="Sleeper")
    process.start()
    child = subprocess.Popen([sys.executable, "-c", GRANDCHILD], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    grandchild = int(child.stdout.readline())
    pids = [os.getpid(), child.pid, grandchild]
    pids += [member.pid for member in multiprocessing.active_children() if member.pid]
    with open(pids_file + ".tmp", "w") as stream:
        json.dump(pids, stream)
    os.replace(pids_file + ".tmp", pids_file)
    sys.stdout.write("ready\n")
    time.sleep(600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
