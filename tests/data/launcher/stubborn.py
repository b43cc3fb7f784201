"""Test fixture: a scenario and its forked child that both ignore SIGTERM.

Usage: stubborn.py PIDS_FILE
"""

import json
import os
import signal
import sys
import time


def main() -> int:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    child = os.fork()
    if child == 0:
        time.sleep(600)
        os._exit(0)
    with open(sys.argv[1] + ".tmp", "w") as stream:
        json.dump([os.getpid(), child], stream)
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    time.sleep(600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
