"""Test fixture: a parent that stops its own child when asked, as multiprocessing.Pool does.

It starts one child (SIGTERM kills it at once) and prints "ready". On SIGTERM it
waits a moment, says whether the child was still alive when the parent was asked
to stop, ends the child itself, and exits 130. A supervisor that signals the
whole family at once kills the child first, and the parent finds it gone.
"""

import signal
import subprocess
import sys
import time

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def stop(signum: int, frame: object) -> None:
    time.sleep(0.3)  # long enough for a signal sent to the whole group to have landed
    alive = child.poll() is None
    sys.stdout.write(f"child alive when asked to stop: {alive}\n")
    child.terminate()
    child.wait()
    sys.stdout.write("child ended by its parent\n")
    sys.stdout.flush()
    sys.exit(130)


signal.signal(signal.SIGTERM, stop)
sys.stdout.write("ready\n")
sys.stdout.flush()
time.sleep(60)
