"""Provides ScenarioProcess: one started scenario family, its output readers and its status pipe.

:class:`~ptop.launcher.runner.ScenarioRunner` creates one per ``start()``; this
module holds the plumbing: bounded line reading, the supervisor's status
protocol and the last-resort kill.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO

from ptop.launcher.running import OutputLine, RunningScenario
from ptop.model.printable import printable_line

__all__ = ["OutputLine", "ScenarioProcess", "StatusChannel"]

MAX_LINE_BYTES = 4096
"""Longest output line passed on; the rest of a longer line is dropped."""

TRUNCATION_MARK = " […line truncated by ptop]"
"""Appended to a line cut at ``MAX_LINE_BYTES``."""

FORCE_KILL_WAIT_S = 3.0
"""How long ``stop()`` waits for the family after killing it directly."""


class StatusChannel:
    """Reads the supervisor's status pipe: ``pid N [TICKS]``, ``exit CODE``, ``error MSG``."""

    def __init__(self, fd: int) -> None:
        """Take ownership of the read end ``fd`` of the status pipe."""
        self._fd = fd
        self._buffer = b""
        self._eof = False

    def read_started(self, timeout_s: float) -> tuple[int, int | None]:
        """Wait for the ``pid`` line.

        Returns:
            The scenario's pid and its start time in clock ticks (None off Linux).

        Raises:
            TimeoutError: No line within ``timeout_s``.
            ValueError: The supervisor reported an error, exited or wrote nonsense;
                the message says which.
        """
        deadline = time.monotonic() + timeout_s
        line = self._read_line(deadline)
        if line is None:
            raise ValueError("the scenario supervisor exited before starting the scenario")
        kind, _, rest = line.partition(" ")
        if kind == "error":
            raise ValueError(rest)
        fields = rest.split()
        if kind != "pid" or not fields:
            raise ValueError(f"unexpected status from the scenario supervisor: {line!r}")
        return int(fields[0]), int(fields[1]) if len(fields) > 1 else None

    def read_exit_code(self) -> int | None:
        """Block until the supervisor closes the pipe; return the reported exit code."""
        code: int | None = None
        while (line := self._read_line(None)) is not None:
            kind, _, rest = line.partition(" ")
            if kind == "exit" and rest.lstrip("-").isdigit():
                code = int(rest)
        return code

    def close(self) -> None:
        """Close the pipe; idempotent."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _read_line(self, deadline: float | None) -> str | None:
        """Return the next line, None at EOF; raise TimeoutError after ``deadline``."""
        while b"\n" not in self._buffer:
            if self._eof or self._fd < 0:
                return None
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                ready, _, _ = select.select([self._fd], [], [], remaining)
                if not ready:
                    continue
            chunk = os.read(self._fd, 4096)
            if not chunk:
                self._eof = True
                return None
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\n")
        return raw.decode(errors="replace")


class ScenarioProcess:
    """A started scenario: its supervisor, its reader threads and its exit code.

    Attributes:
        running: The scenario's identity.
        done: Set once the family is gone and ``on_exit`` was called.
        exit_code: The root's exit code once known, else None.
    """

    def __init__(
        self,
        running: RunningScenario,
        supervisor: subprocess.Popen[bytes],
        status: StatusChannel,
        on_line: Callable[[OutputLine], None],
        on_exit: Callable[[int], None],
    ) -> None:
        """Wrap a supervisor that has already reported the scenario's pid."""
        self.running = running
        self.done = threading.Event()
        self.exit_code: int | None = None
        self._supervisor = supervisor
        self._supervisor_create_time = _process_create_time(supervisor.pid)
        self._status = status
        self._on_line = on_line
        self._on_exit = on_exit
        self._open_streams = 2
        self._lock = threading.Lock()
        self._readers: list[threading.Thread] = []
        self._supervisor_pidfd = _open_pidfd(supervisor.pid)

    def start_readers(self) -> None:
        """Start the daemon threads that read stdout and stderr."""
        streams = {"stdout": self._supervisor.stdout, "stderr": self._supervisor.stderr}
        for name, stream in streams.items():
            assert stream is not None  # Popen was given PIPE for both
            reader = threading.Thread(
                target=self._read_stream,
                args=(name, stream),
                name=f"ptop-scenario-{name}",
                daemon=True,
            )
            self._readers.append(reader)
            reader.start()

    def stop(self, timeout_s: float) -> int | None:
        """Ask the supervisor to end the family, wait for it, kill directly if it hangs."""
        self._signal_supervisor(signal.SIGTERM)
        if threading.current_thread() in self._readers:
            return self.exit_code  # called from a callback: waiting here would deadlock
        if not self.done.wait(timeout_s):
            self._kill_family()
            self.done.wait(FORCE_KILL_WAIT_S)
        return self.exit_code

    def _signal_supervisor(self, signum: int) -> None:
        """Signal the supervisor unless it has exited; a pidfd makes this race-free on Linux."""
        with self._lock:
            if self._supervisor_pidfd >= 0:
                with contextlib.suppress(ProcessLookupError):
                    signal.pidfd_send_signal(self._supervisor_pidfd, signum)
                return
        if self._supervisor.returncode is None:
            self._supervisor.send_signal(signum)

    def _read_stream(self, name: str, stream: IO[bytes]) -> None:
        """Reader thread: pass each line of ``stream`` to ``on_line`` until EOF."""
        try:
            while raw := stream.readline(MAX_LINE_BYTES + 1):
                at_monotonic = time.monotonic()
                cut = len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")
                if cut:
                    text = _decode_cut(raw[:MAX_LINE_BYTES]) + TRUNCATION_MARK
                else:
                    text = raw.decode("utf-8", "replace").removesuffix("\n").removesuffix("\r")
                text = printable_line(text)
                try:
                    self._on_line(OutputLine(name, text, at_monotonic))
                except Exception:
                    _report_callback_error()
                while cut and (rest := stream.readline(MAX_LINE_BYTES)):
                    cut = not rest.endswith(b"\n")  # drop the rest of the long line
        finally:
            stream.close()
            with self._lock:
                self._open_streams -= 1
                last = self._open_streams == 0
            if last:
                self._finish()

    def _finish(self) -> None:
        """After both streams ended: wait for the supervisor, then report the exit code."""
        code = self._status.read_exit_code()
        supervisor_code = self._supervisor.wait()
        self._status.close()
        with self._lock:
            if self._supervisor_pidfd >= 0:
                os.close(self._supervisor_pidfd)
                self._supervisor_pidfd = -1
        self.exit_code = code if code is not None else supervisor_code
        try:
            self._on_exit(self.exit_code)
        except Exception:
            _report_callback_error()
        finally:
            self.done.set()

    def _kill_family(self) -> None:
        """Last resort when the supervisor hangs: SIGKILL it and every process of the family.

        psutil checks each process's create time before signalling, so a reused
        pid is never hit.
        """
        import psutil  # imported here: ~12 ms that a start-up without scenarios never needs

        family: list[psutil.Process] = []
        for pid, create_time in (
            (self._supervisor.pid, self._supervisor_create_time),
            (self.running.pid, self.running.create_time),
        ):
            try:
                process = psutil.Process(pid)
                if create_time is not None and process.create_time() != create_time:
                    continue
                family += process.children(recursive=True)
                if pid == self.running.pid:
                    family.append(process)
            except psutil.Error:
                continue
        self._signal_supervisor(signal.SIGKILL)
        for process in family:
            with contextlib.suppress(psutil.Error):
                process.kill()
        psutil.wait_procs(family, timeout=FORCE_KILL_WAIT_S)


def _open_pidfd(pid: int) -> int:
    """Return a pidfd for our unreaped child ``pid``, or -1 where pidfds do not exist."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return -1


def _report_callback_error() -> None:
    """Pass the exception being handled to ``threading.excepthook``, as an uncaught one."""
    exc_type, exc_value, exc_tb = sys.exc_info()
    threading.excepthook(
        threading.ExceptHookArgs([exc_type, exc_value, exc_tb, threading.current_thread()])
    )


def _process_create_time(pid: int) -> float | None:
    """Return psutil's create time of ``pid``, None if it is already gone."""
    import psutil  # imported here: ~12 ms that a start-up without scenarios never needs

    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return None


def _decode_cut(data: bytes) -> str:
    """Decode ``data`` cut at an arbitrary byte, dropping a partial last character."""
    return codecs.getincrementaldecoder("utf-8")("replace").decode(data, final=False)
