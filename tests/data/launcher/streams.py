"""Test fixture: writes numbered lines to stdout and stderr, then exits.

Usage: streams.py EXIT_CODE [--long] [--signal]

With ``--long`` it also writes a 10 000-byte line and a long line of
three-byte characters; with ``--signal`` it ends by sending itself SIGTERM.
"""

import os
import signal
import sys


def main() -> int:
    for number in range(5):
        sys.stdout.write(f"out {number}\n")
        sys.stderr.write(f"err {number}\n")
    sys.stdout.write("中文 line\n")
    if "--long" in sys.argv:
        sys.stdout.write("x" * 10_000 + "\n")
        sys.stdout.write("中" * 3_000 + "\n")
        sys.stdout.write("after long\n")
    if "--signal" in sys.argv:
        os.kill(os.getpid(), signal.SIGTERM)
    return int(sys.argv[1])


if __name__ == "__main__":
    sys.exit(main())
