"""Test fixture: ignores SIGTERM, prints "deaf", then sleeps (the supervisor must SIGKILL it)."""

import signal
import sys
import time

signal.signal(signal.SIGTERM, signal.SIG_IGN)
sys.stdout.write("deaf\n")
sys.stdout.flush()
time.sleep(600)
