"""Provides the scenario supervisor: ptop's child process that owns a scenario's whole family.

ptop's ``ScenarioRunner`` runs it in an isolated interpreter (``python -I -S``;
by path: ``python -I -S supervisor.py --parent-pid PID --status-fd FD -- SCRIPT
ARGS...``), so it starts fast and never sees the user's ``PYTHONPATH``. It is
one self-contained, stdlib-only file: no psutil, no ptop. It

1. asks Linux to send it SIGTERM when ptop dies (``PR_SET_PDEATHSIG``, then
   re-checks the parent pid to close the race) and to adopt every orphaned
   descendant (``PR_SET_CHILD_SUBREAPER``), names itself ``ptop-supervisor``,
   and on every platform also polls ``os.getppid()`` twice a second;
2. starts ``PYTHON -u SCRIPT ARGS`` (``--python``, default ``sys.executable``)
   in a new session, so in its own process group, with stdin from
   ``/dev/null``, its own stdout and stderr (ptop's pipes),
   ``PYTHONUNBUFFERED=1``, ``PYTHONIOENCODING=utf-8`` and the
   ``sitecustomize`` directory first on ``PYTHONPATH``;
3. reports on the status pipe, one line each: ``pid <PID> <STARTTIME_TICKS>``
   (ticks only on Linux), ``exit <CODE>`` (negative for a signal) or
   ``error <MESSAGE>``;
4. ends the family when asked (SIGTERM, SIGHUP, SIGINT) or when ptop is gone:
   SIGTERM to the scenario's root alone, ``--grace-s`` seconds for it to end
   its own children; then (at once if the root exited) SIGTERM to the
   scenario's process group and to any descendant outside it, ``--grace-s``
   seconds, then SIGKILL for every descendant still alive until none is left;
   it reaps them all and exits;
5. when the scenario's root exits by itself, reports its exit code at once,
   gives what it left behind (a forked orphan) ``--leftover-grace-s`` seconds
   to finish, then ends it the same way and says so on stderr.

Descendants are found through the ppid links in ``/proc/*/stat``: a subreaper
is the ancestor of all of them, orphans included. Each is signalled through a
pidfd after checking its start time, so a recycled pid is never hit. Off Linux
the fallback is ``killpg`` on the scenario's group, which misses processes
that left it.
"""

from __future__ import annotations

import os
import select
import sys
import time

TYPE_CHECKING = False  # the idiom without importing typing, which would slow the start
if TYPE_CHECKING:
    import signal
else:
    try:
        # The C module behind `signal`: same functions and constants, minus the enum
        # wrappers whose import (enum, functools, collections) is ~40 % of our start-up.
        import _signal as signal
    except ImportError:  # another Python implementation
        import signal

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PARENT_POLL_S = 0.5
STEP_S = 0.05
KILL_TIMEOUT_S = 5.0
STUBBORN_GRACE_S = 0.5  # for the rest of a family whose root ignored SIGTERM
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
IS_LINUX = sys.platform.startswith("linux")
PROCESS_NAME = "ptop-supervisor"  # what ps and ptop's tree show above the scenario
SITECUSTOMIZE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sitecustomize")

USAGE = (
    "usage: supervisor.py --parent-pid PID --status-fd FD [--grace-s S] "
    "[--leftover-grace-s S] [--python PATH] [--no-sitecustomize] -- SCRIPT [ARG...]"
)


class Options:
    """Command-line options of the supervisor."""

    def __init__(self, argv: list[str]) -> None:
        """Parse ``argv`` (without the program name); raise ``ValueError`` when it is wrong."""
        self.parent_pid = -1
        self.status_fd = -1
        self.grace_s = 2.0
        self.leftover_grace_s = 1.5
        self.sitecustomize = True
        self.python = sys.executable
        items = iter(argv)
        for item in items:
            if item == "--":
                break
            if item == "--no-sitecustomize":
                self.sitecustomize = False
            elif item in ("--parent-pid", "--status-fd"):
                setattr(self, item[2:].replace("-", "_"), int(next(items)))
            elif item == "--python":
                self.python = next(items)
            elif item in ("--grace-s", "--leftover-grace-s"):
                setattr(self, item[2:].replace("-", "_"), float(next(items)))
            else:
                raise ValueError(f"unknown option {item!r}")
        self.argv = list(items)
        if self.parent_pid <= 0 or self.status_fd < 0 or not self.argv:
            raise ValueError("--parent-pid, --status-fd and a script are required")


def prctl(option: int, value: int) -> bool:
    """Call Linux ``prctl(option, value)``; return whether it succeeded."""
    import ctypes  # imported only on Linux, where it is needed

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def set_process_name(name: str) -> None:
    """Set this process's name as ps and ptop show it (``/proc/self/comm``, 15 bytes)."""
    try:
        with open("/proc/self/comm", "w", encoding="ascii") as comm:
            comm.write(name)
    except OSError:
        return  # cosmetic only


def read_stat(pid: int) -> tuple[str, int, int, int] | None:
    """Return ``(state, ppid, pgrp, starttime_ticks)`` from ``/proc/PID/stat``, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat_file:
            data = stat_file.read()
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2 :].split()
    return fields[0].decode(), int(fields[1]), int(fields[2]), int(fields[19])


def descendants(ancestor: int) -> list[tuple[int, int, int]]:
    """Return ``(pid, pgrp, starttime_ticks)`` of live descendants, parents before children."""
    children: dict[int, list[tuple[int, str, int, int]]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = read_stat(int(name))
            if stat is not None:
                state, ppid, pgrp, start = stat
                children.setdefault(ppid, []).append((int(name), state, pgrp, start))
    found: list[tuple[int, int, int]] = []
    queue = [ancestor]
    while queue:
        for pid, state, pgrp, start in children.get(queue.pop(0), ()):
            queue.append(pid)
            if state not in ("Z", "X"):
                found.append((pid, pgrp, start))
    return found


def send_signal(pid: int, starttime: int, signum: int) -> None:
    """Send ``signum`` to ``pid`` only if it is still the process that started at ``starttime``."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except OSError:  # kernel without pidfd_open (before 5.3): check, then kill
        pidfd = -1
    try:
        stat = read_stat(pid)
        if stat is None or stat[3] != starttime:
            return
        if pidfd >= 0:
            signal.pidfd_send_signal(pidfd, signum)
        else:
            os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass
    finally:
        if pidfd >= 0:
            os.close(pidfd)


def spawn(argv: list[str], env: dict[str, str]) -> int:
    """Fork and exec ``argv`` in a new session; return its pid or raise ``OSError``."""
    error_r, error_w = os.pipe()  # close-on-exec: EOF without data means exec worked
    supervisor_pid = os.getpid()
    pid = os.fork()  # the supervisor has one thread, so fork is safe here
    if pid == 0:
        try:
            os.close(error_r)
            signal.set_wakeup_fd(-1)
            for signum in (*STOP_SIGNALS, signal.SIGCHLD, signal.SIGPIPE, signal.SIGXFSZ):
                signal.signal(signum, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, ())
            os.setsid()
            if IS_LINUX:  # the scenario also hears about our death, in case we are SIGKILLed
                prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
            if os.getppid() != supervisor_pid:
                os._exit(1)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.close(devnull)
            os.execve(argv[0], argv, env)
        except BaseException as exc:
            os.write(error_w, f"cannot start {argv[0]}: {exc}".encode(errors="replace"))
        finally:
            os._exit(127)
    os.close(error_w)
    with os.fdopen(error_r, "rb") as error_pipe:
        message = error_pipe.read().decode(errors="replace")
    if message:
        os.waitpid(pid, 0)
        raise OSError(message)
    return pid


class Supervisor:
    """Watches one scenario family and ends it when asked, when ptop dies or when it is done."""

    def __init__(self, options: Options) -> None:
        """Prepare to supervise; install the signal handlers that wake the main loop."""
        self.options = options
        self.root = -1
        self.root_exit: int | None = None
        self.exit_reported = False
        self.stop_count = 0
        self.my_pid = os.getpid()
        self.wake_r, wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        for signum in STOP_SIGNALS:
            signal.signal(signum, self.on_stop_signal)
        signal.signal(signal.SIGCHLD, self.on_child_signal)

    def on_stop_signal(self, signum: int, frame: object) -> None:
        """Signal handler: count stop requests (a second one skips the grace period)."""
        self.stop_count += 1

    def on_child_signal(self, signum: int, frame: object) -> None:
        """Signal handler for SIGCHLD: nothing to do, the wake-up fd already woke the loop."""

    def start(self, argv: list[str], env: dict[str, str]) -> None:
        """Start the scenario and report its pid (and start time, on Linux) to ptop."""
        self.root = spawn(argv, env)
        stat = read_stat(self.root) if IS_LINUX else None
        self.report(f"pid {self.root}" + (f" {stat[3]}" if stat else ""))

    def report(self, line: str) -> None:
        """Write one status line to ptop; ptop may already be gone."""
        try:
            os.write(self.options.status_fd, (line + "\n").encode())
        except OSError:
            return  # ptop closed the pipe: nobody is listening

    def wait(self, timeout_s: float) -> None:
        """Sleep until a signal arrives or ``timeout_s`` passes."""
        ready, _, _ = select.select([self.wake_r], [], [], max(timeout_s, 0.0))
        if ready:
            while True:
                try:
                    if not os.read(self.wake_r, 512):
                        break
                except BlockingIOError:
                    break

    def reap(self) -> None:
        """Reap every exited child without blocking, remembering the root's exit code."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == self.root:
                self.root_exit = os.waitstatus_to_exitcode(status)

    def parent_alive(self) -> bool:
        """Tell whether ptop, the process that started us, is still our parent."""
        return os.getppid() == self.options.parent_pid

    def family_alive(self) -> bool:
        """Tell whether any process of the scenario's family is still alive."""
        if IS_LINUX:
            return bool(descendants(self.my_pid))
        return self.root_exit is None or self.killpg(0)

    def killpg(self, signum: int) -> bool:
        """Signal the scenario's process group; tell whether it still exists."""
        try:
            os.killpg(self.root, signum)
        except (ProcessLookupError, PermissionError):
            return False
        return True

    def signal_family(self, signum: int, *, whole_group: bool) -> list[int]:
        """Signal the family: its process group and/or every live descendant; return their pids."""
        pids: list[int] = []
        if whole_group and (self.root_exit is None or not IS_LINUX):
            self.killpg(signum)  # the unreaped root keeps the group id ours
        if IS_LINUX:
            for pid, pgrp, start in descendants(self.my_pid):
                pids.append(pid)
                if not (whole_group and pgrp == self.root and self.root_exit is None):
                    send_signal(pid, start, signum)
        return pids

    def wait_until_gone(
        self, timeout_s: float, *, until_stop: bool, until_root_exits: bool = False
    ) -> bool:
        """Wait until the family is gone or ``timeout_s`` passes; tell whether it is gone.

        A new stop request ends the wait early; with ``until_stop``, so does any
        pending stop request or the death of ptop; with ``until_root_exits``, the
        root's exit.
        """
        deadline = time.monotonic() + timeout_s
        stops = self.stop_count
        while True:
            self.reap()
            if not self.family_alive():
                return True
            now = time.monotonic()
            if now >= deadline or self.stop_count != stops:
                return False
            if until_root_exits and self.root_exit is not None:
                return False
            if until_stop and (self.stop_count or not self.parent_alive()):
                return False
            self.wait(min(STEP_S, deadline - now))

    def signal_root(self, signum: int) -> None:
        """Signal the scenario's root; unreaped, its pid cannot have been recycled."""
        try:
            os.kill(self.root, signum)
        except (ProcessLookupError, PermissionError):
            return

    def end_family(self) -> list[int]:
        """Ask the root to stop, then SIGTERM whatever is left, then SIGKILL it.

        The root hears SIGTERM first and alone, as from ``kill ROOT`` in a shell, and
        has the grace period to end its own children: a program that stops its
        workers itself (``Pool.terminate()``, joining its processes) shuts down
        cleanly and says so. Signalling the whole family at once races with that
        clean-up: a ``multiprocessing.Pool`` replaces the workers that die under it
        and then hangs in ``terminate()``. As soon as the root is gone, or after the
        grace period, every process left gets SIGTERM, and SIGKILL after another one
        (shorter if the root ignored the request).
        """
        if not self.family_alive():
            return []
        grace_s = self.options.grace_s
        if self.root_exit is None:
            self.signal_root(signal.SIGTERM)
            if self.wait_until_gone(grace_s, until_stop=False, until_root_exits=True):
                return [self.root]
            if self.root_exit is None:  # it ignored the request: little more patience
                grace_s = min(grace_s, STUBBORN_GRACE_S)
        pids = self.signal_family(signal.SIGTERM, whole_group=True)
        if not self.wait_until_gone(grace_s, until_stop=False):
            deadline = time.monotonic() + KILL_TIMEOUT_S
            while self.family_alive() and time.monotonic() < deadline:
                self.signal_family(signal.SIGKILL, whole_group=True)
                self.wait(STEP_S)
                self.reap()
        return pids

    def run(self) -> int:
        """Supervise until the family is gone; return 0, or 1 if the root's exit is unknown."""
        while self.stop_count == 0 and self.parent_alive():
            self.reap()
            if self.root_exit is not None:
                break
            self.wait(PARENT_POLL_S)
        if self.root_exit is not None:
            self.report_exit()
            if not self.wait_until_gone(self.options.leftover_grace_s, until_stop=True):
                leftovers = self.end_family()
                if leftovers:
                    self.notify_leftovers(leftovers)
        self.end_family()  # returns at once when nothing is left
        self.reap()
        self.report_exit()
        return 0 if self.root_exit is not None else 1

    def report_exit(self) -> None:
        """Report the root's exit code once (``exit unknown`` if it could not be reaped)."""
        if not self.exit_reported:
            self.exit_reported = True
            self.report(f"exit {'unknown' if self.root_exit is None else self.root_exit}")

    def notify_leftovers(self, pids: list[int]) -> None:
        """Tell the student, on the scenario's stderr, which leftover processes were ended."""
        listed = ", ".join(str(pid) for pid in pids)
        message = (
            f"ptop: the scenario exited with code {self.root_exit}; "
            f"ended {len(pids)} process(es) it left running: {listed}\n"
        )
        try:
            os.write(2, message.encode())
        except OSError:
            return  # ptop closed the pipe: nobody is listening


def main(argv: list[str] | None = None) -> int:
    """Run the supervisor; see the module docstring for the command line."""
    try:
        options = Options(sys.argv[1:] if argv is None else argv)
    except (ValueError, StopIteration) as exc:
        print(f"{USAGE}\nsupervisor.py: error: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    supervisor = Supervisor(options)  # handlers first: a stop request is never lost
    if IS_LINUX:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        prctl(PR_SET_CHILD_SUBREAPER, 1)
        set_process_name(PROCESS_NAME)
    if os.getppid() != options.parent_pid or supervisor.stop_count:
        return 1  # ptop died before PR_SET_PDEATHSIG took effect, or asked us to stop
    os.set_inheritable(options.status_fd, False)
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    if options.sitecustomize:
        env["PYTHONPATH"] = os.pathsep.join(
            [SITECUSTOMIZE_DIR, *filter(None, [os.environ.get("PYTHONPATH")])]
        )
    try:
        supervisor.start([options.python, "-u", *options.argv], env)
    except OSError as exc:
        supervisor.report(f"error {exc}")
        return 1
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
