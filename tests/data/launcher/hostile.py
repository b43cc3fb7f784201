"""Test fixture: a program whose name, arguments and output carry terminal escape codes.

Usage: hostile.py [ARG ...]

It renames itself (comm) to an OSC "set window title" sequence, prints coloured
text, a title sequence and a carriage-return progress line, then sleeps until
it is ended. ptop must draw all of it as text, never pass the codes through.
"""

import ctypes
import ctypes.util
import sys
import time

TITLE_NAME = b"\x1b]2;PWNED-NAME\x07"
PR_SET_NAME = 15


def main() -> int:
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.prctl(PR_SET_NAME, TITLE_NAME, 0, 0, 0)
    sys.stdout.write("\x1b[31mred words\x1b[0m stay words\n")
    sys.stdout.write("title \x1b]2;PWNED-OUT\x07 tab\there\n")
    sys.stdout.write("progress 10%\rprogress 50%\rprogress 100%\n")
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    time.sleep(60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
