"""Runs ptop in a real pseudo-terminal, for tests of keys, signals and terminal restore."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

ENTER_ALT_SCREEN = b"\x1b[?1049h"
LEAVE_ALT_SCREEN = b"\x1b[?1049l"


class PtySession:
    """ptop (or any command) running on a pty of a fixed size; output collected as bytes."""

    def __init__(
        self,
        args: Sequence[str],
        cols: int = 120,
        rows: int = 36,
        env: dict[str, str] | None = None,
        controlling: bool = False,
    ) -> None:
        """Start ptop with args; with controlling=True the pty is its controlling terminal,
        as in a terminal window: closing it (hang_up) sends SIGHUP and SIGCONT."""
        import fcntl
        import struct
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

        def take_terminal() -> None:  # in the child, after setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ptop", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            preexec_fn=take_terminal if controlling else None,
            close_fds=True,
            env={**os.environ, "TERM": "xterm-256color", **(env or {})},
        )
        os.close(slave)
        self.output = bytearray()

    def read_until(self, needle: bytes, timeout_s: float) -> bool:
        """Read output until needle appears; False on timeout or EOF."""
        deadline = time.monotonic() + timeout_s
        while needle not in self.output:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read_some(remaining):
                return needle in self.output
        return True

    def _read_some(self, timeout_s: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], min(timeout_s, 0.5))
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the other side closed
            return False
        if not data:
            return False
        self.output.extend(data)
        return True

    def send(self, data: bytes) -> None:
        """Type into the terminal."""
        os.write(self.master, data)

    def signal(self, signum: int) -> None:
        """Send a signal to ptop (only to the process this session started)."""
        self.proc.send_signal(signum)

    def wait(self, timeout_s: float) -> int | None:
        """Drain output until ptop exits; its return code, or None if it did not."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self._read_some(0.2)
            code = self.proc.poll()
            if code is not None:
                while self._read_some(0.1) and select.select([self.master], [], [], 0)[0]:
                    pass
                return code
        return None

    def hang_up(self) -> None:
        """Close the terminal, as closing a window or losing an ssh connection does."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        """Kill ptop if still running and release the terminal."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.hang_up()
