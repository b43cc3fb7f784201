"""Provides Load: a standard load (idle processes, idle threads, spinners) that leaves nothing.

The load is one *leader* process started in its own session, so its process group is its own
and nobody else's. The leader forks every member itself, before it has any thread:

- idle processes, blocked in signal.pause();
- thread holders, processes whose threads (up to THREADS_PER_HOLDER each) wait on an Event;
- optional spinner processes (a busy loop, about one core each);
- optional "gil" process: G threads that all spin in pure Python, so they share one GIL.

The N processes of a profile include the thread holders; spinners and the gil process are
extra. Members ask the kernel to kill them when the leader dies (PR_SET_PDEATHSIG).

Removal, in order: the controller closes the leader's stdin (or the leader gets SIGTERM,
SIGINT or SIGHUP); the leader SIGKILLs every member by pid and reaps it with waitpid; the
controller reaps the leader. If the leader does not exit in time the controller kills the
leader's own process group. Finally every member is checked gone by (pid, start time).
Nothing here ever looks processes up by name.

Standalone (stdlib only): `python benchmarks/load.py --processes 300 --threads 2000`
holds the load until Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

THREADS_PER_HOLDER = 500
"""Idle threads per holder process (2,000 threads → 4 holders; 10,000 → 20)."""
THREAD_STACK_BYTES = 256 * 1024
"""Small stacks keep 10,000 idle threads cheap in address space (they touch little of it)."""
READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0


@dataclass(frozen=True, slots=True)
class LoadSpec:
    """What to run: N idle processes (holders included), M idle threads, K spinners, G gil."""

    processes: int = 300
    threads: int = 2000
    spinners: int = 0
    gil_threads: int = 0
    threads_per_holder: int = THREADS_PER_HOLDER
    max_seconds: float = 3600.0
    """Safety net: the leader removes everything after this long even if nobody asks."""

    def plan(self) -> list[tuple[str, int]]:
        """Return the members to fork, as (kind, argument) pairs."""
        holders = -(-self.threads // self.threads_per_holder) if self.threads > 0 else 0
        members: list[tuple[str, int]] = []
        left = self.threads
        for _ in range(holders):
            count = min(self.threads_per_holder, left)
            members.append(("threads", count))
            left -= count
        members += [("idle", 0)] * max(0, self.processes - holders)
        members += [("spin", 0)] * self.spinners
        if self.gil_threads > 0:
            members.append(("gil", self.gil_threads))
        return members

    def argv(self) -> list[str]:
        """Command-line arguments that describe this spec."""
        return [
            f"--processes={self.processes}",
            f"--threads={self.threads}",
            f"--spinners={self.spinners}",
            f"--gil-threads={self.gil_threads}",
            f"--threads-per-holder={self.threads_per_holder}",
            f"--max-seconds={self.max_seconds}",
        ]


class LoadError(RuntimeError):
    """The load could not be started, or something of it survived removal."""


def _stat_fields(pid: int) -> list[bytes] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            data = file.read()
    except OSError:
        return None
    return data[data.rfind(b")") + 2 :].split()


def start_ticks(pid: int) -> int | None:
    """Return a process's start time in clock ticks since boot (field 22 of stat); None if gone."""
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[19])


def is_alive(pid: int, ticks: int) -> bool:
    """Whether the process (pid, start ticks) still exists, zombies included."""
    return start_ticks(pid) == ticks


def is_running(pid: int, ticks: int) -> bool:
    """Whether the process (pid, start ticks) exists and is not a zombie waiting to be reaped."""
    fields = _stat_fields(pid)
    return fields is not None and int(fields[19]) == ticks and fields[0] != b"Z"


@dataclass
class Load:
    """A running load; use as a context manager so it is removed on any exit."""

    spec: LoadSpec
    leader_pid: int | None = None
    members: dict[int, int] = field(default_factory=dict)
    """pid → start ticks of every process of the load, leader included."""
    _proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Load:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def pids(self) -> list[int]:
        """Every pid of the load, leader first."""
        return sorted(self.members, key=lambda pid: pid != self.leader_pid)

    def pids_of(self, kind: str) -> list[int]:
        """Pids of the members of one kind ('idle', 'threads', 'spin', 'gil')."""
        return list(self._kinds.get(kind, []))

    def start(self) -> None:
        """Start the leader and wait until every member is ready."""
        self._kinds: dict[str, list[int]] = {}
        self._proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--serve", *self.spec.argv()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
            close_fds=True,
        )
        self.leader_pid = self._proc.pid
        ticks = start_ticks(self._proc.pid)
        if ticks is not None:
            self.members[self._proc.pid] = ticks
        try:
            line = self._read_ready_line()
            report = json.loads(line)
            for kind, pids in report["members"].items():
                self._kinds[kind] = pids
                for pid in pids:
                    member_ticks = start_ticks(pid)
                    if member_ticks is not None:
                        self.members[pid] = member_ticks
        except BaseException:
            self.stop()
            raise

    def _read_ready_line(self) -> bytes:
        assert self._proc is not None
        assert self._proc.stdout is not None
        out = self._proc.stdout
        deadline = time.monotonic() + READY_TIMEOUT_S
        buffer = b""
        while b"\n" not in buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LoadError("the load did not become ready in time")
            ready, _, _ = select.select([out], [], [], remaining)
            if ready:
                chunk = os.read(out.fileno(), 65536)
                if not chunk:
                    raise LoadError(f"the load leader exited early (code {self._proc.wait()})")
                buffer += chunk
        return buffer.split(b"\n", 1)[0]

    def stop(self) -> None:
        """Remove the whole load; raises LoadError if any of its processes survived."""
        proc = self._proc
        if proc is None:
            return
        self._proc = None
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                assert proc.stdin is not None
                proc.stdin.close()  # EOF: the leader kills and reaps every member
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(proc.pid, signal.SIGKILL)  # the leader's own group only
                    proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        survivors = self.survivors(timeout_s=5.0)
        if survivors:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            survivors = self.survivors(timeout_s=5.0)
        if survivors:
            raise LoadError(f"load processes survived removal: {survivors}")

    def survivors(self, timeout_s: float = 0.0) -> list[int]:
        """Pids of the load still running (same pid and start time), after waiting a little.

        Normally the leader reaps every member, so nothing at all is left. Only if the
        leader itself was killed can members linger for a moment as zombies of init;
        those run nothing and are not counted.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            alive = [pid for pid, ticks in self.members.items() if is_running(pid, ticks)]
            if not alive or time.monotonic() >= deadline:
                return alive
            time.sleep(0.05)


# -- the leader and its members (run with --serve) -----------------------------------------


def _prctl() -> object | None:
    """Return libc's prctl (loaded once, in the leader, before it forks)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _die_with_parent(prctl: object | None, parent: int) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux only)."""
    pr_set_pdeathsig = 1
    if prctl is not None:
        prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)  # type: ignore[operator]
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)


def _spin() -> None:
    x = 0
    while True:
        x ^= 1


def _member(kind: str, count: int, ready_fd: int, parent: int, prctl: object | None) -> None:
    """Body of one forked member; never returns."""
    try:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        _die_with_parent(prctl, parent)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        if kind == "threads":
            threading.stack_size(THREAD_STACK_BYTES)
            never = threading.Event()
            for index in range(count):
                threading.Thread(target=never.wait, name=f"idle-{index}", daemon=True).start()
        elif kind == "gil":
            for index in range(count):
                threading.Thread(target=_spin, name=f"spin-{index}", daemon=True).start()
        os.write(ready_fd, b".")
        os.close(ready_fd)
        if kind == "spin":
            _spin()
        while True:
            signal.pause()
    except BaseException:
        os._exit(1)
    os._exit(0)


class _Leader:
    """The leader's stop request: set by a signal handler, seen by the main loop.

    The handler only sets a flag (and the wakeup descriptor wakes select); it never raises,
    so no signal can interrupt the removal of the members halfway.
    """

    def __init__(self) -> None:
        self.stop = False
        self.wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._request_stop)

    def _request_stop(self, signum: int, frame: object) -> None:
        self.stop = True

    def wait(self, fd: int, timeout_s: float) -> bool:
        """Wait until fd is readable (True), or a stop request or the timeout (False)."""
        if self.stop:
            return False
        got, _, _ = select.select([fd, self.wake_r], [], [], max(0.0, timeout_s))
        return fd in got and not self.stop


def _in_member(ready_r: int, leader: _Leader) -> None:
    """Right after fork, in the member: drop the leader's signal plumbing."""
    signal.set_wakeup_fd(-1)
    os.close(ready_r)
    os.close(leader.wake_r)


def serve(spec: LoadSpec) -> int:
    """Leader: fork the members, report them on stdout, hold until EOF or a signal, remove all."""
    leader = _Leader()
    members: dict[int, str] = {}
    ready_r, ready_w = os.pipe()
    leader_pid = os.getpid()
    prctl = _prctl()
    try:
        for kind, count in spec.plan():
            if leader.stop:
                return 0
            pid = os.fork()
            if pid == 0:
                try:
                    _in_member(ready_r, leader)
                    _member(kind, count, ready_w, leader_pid, prctl)
                finally:
                    os._exit(1)
            members[pid] = kind
        os.close(ready_w)
        ready = 0
        deadline = time.monotonic() + READY_TIMEOUT_S
        while ready < len(members) and leader.wait(ready_r, deadline - time.monotonic()):
            chunk = os.read(ready_r, 4096)
            if not chunk:
                break
            ready += len(chunk)
        if leader.stop:
            return 0
        if ready < len(members):
            sys.stderr.write(f"load: only {ready} of {len(members)} members became ready\n")
            return 1
        by_kind: dict[str, list[int]] = {}
        for pid, kind in members.items():
            by_kind.setdefault(kind, []).append(pid)
        try:
            sys.stdout.write(json.dumps({"leader": leader_pid, "members": by_kind}) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:  # the controller is gone already
            return 0
        deadline = time.monotonic() + spec.max_seconds
        while leader.wait(0, deadline - time.monotonic()):
            if not os.read(0, 4096):
                break  # the controller closed our stdin, or died
    finally:
        for pid in members:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in members:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Hold a standard load until Ctrl+C.")
    parser.add_argument("--processes", type=int, default=300)
    parser.add_argument("--threads", type=int, default=2000)
    parser.add_argument("--spinners", type=int, default=0)
    parser.add_argument("--gil-threads", type=int, default=0)
    parser.add_argument("--threads-per-holder", type=int, default=THREADS_PER_HOLDER)
    parser.add_argument("--max-seconds", type=float, default=3600.0)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the leader (--serve) or hold a load from the command line until Ctrl+C."""
    args = _parser().parse_args(argv)
    spec = LoadSpec(
        processes=args.processes,
        threads=args.threads,
        spinners=args.spinners,
        gil_threads=args.gil_threads,
        threads_per_holder=args.threads_per_holder,
        max_seconds=args.max_seconds,
    )
    if args.serve:
        return serve(spec)
    with Load(spec) as load:
        print(f"load ready: {len(load.members)} processes (leader {load.leader_pid}); Ctrl+C ends")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    print("load removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
