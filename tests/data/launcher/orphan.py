"""Test fixture: forks a child that outlives its parent, then the parent exits 0.

Usage: orphan.py PID_FILE
"""

import os
import sys
import time


def main() -> int:
    pid = os.fork()
    if pid == 0:
        with open(sys.argv[1] + ".tmp", "w") as stream:
            stream.write(str(os.getpid()))
        os.replace(sys.argv[1] + ".tmp", sys.argv[1])
        sys.stdout.write(f"orphan {os.getpid()} sleeping\n")
        time.sleep(600)
        os._exit(0)
    while not os.path.exists(sys.argv[1]):
        time.sleep(0.01)
    sys.stdout.write("parent exits\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
