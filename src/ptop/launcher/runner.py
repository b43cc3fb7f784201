"""Provides ScenarioRunner: run one scenario at a time and never leave a process behind.

The runner starts ``supervisor.py`` as its direct child and the supervisor
starts the scenario in a new session; see that module for how the family is
ended. The runner streams the scenario's stdout and stderr line by line to
plain callbacks from two reader threads, so it works with any UI: ptop's
screen turns each callback into a Textual message.

Never leaving a process behind rests on three layers: ``stop()``/``close()``
ask the supervisor to end the family; if ptop dies in any way, even by
SIGKILL, the supervisor notices (``PR_SET_PDEATHSIG`` on Linux, plus polling
its parent pid) and does the same; and if the supervisor itself is stuck,
``stop()`` kills it and every process psutil still finds in the family.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ptop.launcher.running import OutputLine, RunningScenario, ScenarioStartError
from ptop.launcher.scenario_process import ScenarioProcess, StatusChannel

__all__ = [
    "OutputLine",
    "RunningScenario",
    "ScenarioRunner",
    "ScenarioStartError",
]

SUPERVISOR_PATH = Path(__file__).with_name("supervisor.py")
"""The supervisor module; it needs neither site-packages nor ptop, only the standard library."""

SUPERVISOR_BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "import supervisor; sys.exit(supervisor.main())"
)
"""``python -c`` code that imports the supervisor from its directory, passed as first argument.

Importing it (rather than running the file by path) lets Python use its cached bytecode,
which saves compiling ~400 lines on every start; ``-I -S`` keep the user's
``PYTHONPATH`` and site-packages out, so the directory is put on ``sys.path`` by hand.
"""

DEFAULT_GRACE_S = 2.0
"""Time a scenario gets between SIGTERM and SIGKILL when it is stopped."""

DEFAULT_LEFTOVER_GRACE_S = 1.5
"""Time processes left behind by an exited scenario get to finish by themselves."""

DEFAULT_START_TIMEOUT_S = 15.0
"""Longest wait for the supervisor to report the scenario's pid (generous for busy CI)."""


class ScenarioRunner:
    """Runs one scenario at a time, each in its own session, under a supervisor process.

    Call :meth:`start` from a long-lived thread (ptop uses the event-loop
    thread): on Linux the supervisor's ``PR_SET_PDEATHSIG`` fires when the
    *thread* that started it exits, so starting from a short-lived worker
    thread would end the scenario as soon as that thread ends.

    Callbacks run on the runner's reader threads (``ptop-scenario-stdout`` and
    ``ptop-scenario-stderr``), except ``on_started``, which runs in the thread
    that called :meth:`start`. Keep them short and thread-safe (posting a
    message is ideal); an exception in one is reported through
    ``threading.excepthook`` and reading goes on.
    """

    def __init__(
        self,
        *,
        name_os_threads: bool = True,
        grace_s: float = DEFAULT_GRACE_S,
        leftover_grace_s: float = DEFAULT_LEFTOVER_GRACE_S,
        start_timeout_s: float = DEFAULT_START_TIMEOUT_S,
        python: str | os.PathLike[str] | None = None,
    ) -> None:
        """Create a runner; nothing starts until :meth:`start`.

        Args:
            name_os_threads: Put ptop's ``sitecustomize`` on the scenario's
                ``PYTHONPATH`` so OS thread and process names match Python's.
                False shows what Python 3.11-3.13 display by themselves.
            grace_s: Seconds between SIGTERM and SIGKILL when stopping.
            leftover_grace_s: Seconds that processes left behind by a scenario
                that exited get before they are ended.
            start_timeout_s: Longest wait for the scenario's pid.
            python: Interpreter that runs scenarios (default: the one running
                ptop), e.g. a Python 3.14 to compare thread names; ptop's
                ``sitecustomize`` uses only the standard library and works
                with Python 3.8 and later.
        """
        self._name_os_threads = name_os_threads
        self._grace_s = grace_s
        self._leftover_grace_s = leftover_grace_s
        self._start_timeout_s = start_timeout_s
        self._python = os.fspath(python) if python is not None else sys.executable
        self._lock = threading.RLock()
        self._process: ScenarioProcess | None = None
        self._closed = False
        self._atexit_registered = False

    @property
    def current(self) -> RunningScenario | None:
        """The scenario whose family is still alive, or None."""
        process = self._process
        if process is None or process.done.is_set():
            return None
        return process.running

    def start(
        self,
        script: Path,
        args: Sequence[str] = (),
        *,
        on_line: Callable[[OutputLine], None],
        on_exit: Callable[[int], None],
        on_started: Callable[[int], None] | None = None,
    ) -> RunningScenario:
        """Stop any running scenario, then start ``script`` with ``args``.

        Returns once the scenario's pid is known. Call from a long-lived thread
        (see the class docstring).

        Args:
            script: The Python script to run with this interpreter.
            args: Its command-line arguments.
            on_line: Called with each output line, from a reader thread.
            on_exit: Called once, from a reader thread, with the root's exit code
                (negative for a signal) after both streams reached EOF and the
                supervisor exited, that is when the whole family is gone. If the
                root's code is unknown (the supervisor was killed), it gets the
                supervisor's own exit status instead.
            on_started: Called with the scenario's pid in this thread, before any
                ``on_line`` call.

        Returns:
            The identity of the started scenario.

        Raises:
            FileNotFoundError: ``script`` is not a file.
            ScenarioStartError: The supervisor did not report a pid in time or
                could not start the interpreter.
            RuntimeError: The runner was closed.
        """
        with self._lock:
            if self._closed:
                raise RuntimeError("ScenarioRunner is closed")
            self.stop()
            script_path = Path(script)
            if not script_path.is_file():
                raise FileNotFoundError(errno.ENOENT, "scenario script not found", str(script))
            process = self._launch(script_path, tuple(args), on_line, on_exit)
            self._process = process
            if not self._atexit_registered:
                atexit.register(self.close)
                self._atexit_registered = True
            try:
                if on_started is not None:
                    on_started(process.running.pid)
            finally:
                process.start_readers()  # even if on_started failed: pipes must be drained
            if self._closed:  # close() ran meanwhile, e.g. from a signal handler
                self.stop()
                raise RuntimeError("ScenarioRunner is closed")
            return process.running

    def stop(self, timeout_s: float = 5.0) -> int | None:
        """End the running scenario's whole family and wait until it is gone.

        Args:
            timeout_s: How long to wait for the supervisor before killing it and
                the family directly; keep it above ``grace_s``.

        Returns:
            The root's exit code, or None if nothing ran or it is unknown.
        """
        with self._lock:
            process, self._process = self._process, None
        if process is None:
            return None
        return process.stop(timeout_s)

    def close(self) -> None:
        """Stop the running scenario and refuse new ones; idempotent, safe from atexit."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self.stop()
        if self._atexit_registered:
            atexit.unregister(self.close)
            self._atexit_registered = False

    def _launch(
        self,
        script: Path,
        args: tuple[str, ...],
        on_line: Callable[[OutputLine], None],
        on_exit: Callable[[int], None],
    ) -> ScenarioProcess:
        """Start the supervisor and wait for the scenario's pid."""
        command = [
            sys.executable,
            "-I",  # isolated: no user site, no PYTHON* variables, no script dir on sys.path
            "-S",  # no site: the supervisor needs only the standard library
            "-c",
            SUPERVISOR_BOOTSTRAP,
            str(SUPERVISOR_PATH.parent),
            "--parent-pid",
            str(os.getpid()),
            "--grace-s",
            str(self._grace_s),
            "--leftover-grace-s",
            str(self._leftover_grace_s),
            "--python",
            self._python,
            *(() if self._name_os_threads else ("--no-sitecustomize",)),
        ]
        status_r, status_w = os.pipe()
        command += ["--status-fd", str(status_w), "--", str(script.absolute()), *args]
        try:
            supervisor = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(status_w,),
            )
        except OSError:
            os.close(status_r)
            raise
        finally:
            os.close(status_w)
        status = StatusChannel(status_r)
        try:
            pid, start_ticks = status.read_started(self._start_timeout_s)
        except TimeoutError:
            _discard(supervisor, status)
            raise ScenarioStartError(
                f"the scenario supervisor did not report a pid within {self._start_timeout_s:g} s"
            ) from None
        except ValueError as exc:
            detail = _discard(supervisor, status)
            raise ScenarioStartError(f"{exc}{': ' + detail if detail else ''}") from None
        running = RunningScenario(
            script=script,
            args=args,
            pid=pid,
            create_time=_create_time(pid, start_ticks),
            supervisor_pid=supervisor.pid,
            started_at_monotonic=time.monotonic(),
        )
        return ScenarioProcess(running, supervisor, status, on_line, on_exit)


def _create_time(pid: int, start_ticks: int | None) -> float:
    """Return the create time psutil reports for ``pid``, from its start ticks when known.

    Computed the way psutil does on Linux (boot time plus ticks / CLK_TCK), so it
    is right even if the scenario already exited and was reaped.
    """
    import psutil  # imported here: ~12 ms that a start-up without scenarios never needs

    if start_ticks is not None:
        return start_ticks / os.sysconf("SC_CLK_TCK") + psutil.boot_time()
    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return time.time()


def _discard(supervisor: subprocess.Popen[bytes], status: StatusChannel) -> str:
    """Stop a supervisor whose start failed, reap it and close its pipes.

    Returns:
        The last line the supervisor wrote to stderr (a usage error or a
        traceback's last line), or "".
    """
    if supervisor.poll() is None:
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(DEFAULT_GRACE_S + 3.0)
        except subprocess.TimeoutExpired:
            supervisor.kill()
            supervisor.wait()
    data = b""
    if supervisor.stderr is not None:
        os.set_blocking(supervisor.stderr.fileno(), False)  # a scenario may still hold it
        with contextlib.suppress(BlockingIOError):
            data = os.read(supervisor.stderr.fileno(), 65536)
    lines = data.decode(errors="replace").strip().splitlines()
    for stream in (supervisor.stdout, supervisor.stderr):
        if stream is not None:
            stream.close()
    status.close()
    return lines[-1] if lines else ""
