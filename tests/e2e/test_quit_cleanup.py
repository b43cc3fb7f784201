"""Quitting ptop in any way leaves no scenario process behind (real ptop in a real pty)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import reap
from tests.terminal import ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, PtySession

pytestmark = [pytest.mark.slow, pytest.mark.posix]

GONE_WITHIN_S = 8.0


def scenario_family(ptop_pid: int, want: int, timeout_s: float = 30.0) -> list[psutil.Process]:
    """Wait until ptop's descendants include the pool scenario and its workers."""
    deadline = time.monotonic() + timeout_s
    family: list[psutil.Process] = []
    while time.monotonic() < deadline:
        try:
            family = psutil.Process(ptop_pid).children(recursive=True)
        except psutil.NoSuchProcess:
            break
        if len(family) >= want:
            return family
        time.sleep(0.2)
    raise AssertionError(f"scenario family never reached {want} processes: {family}")


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    # psutil.Process.is_running() compares create times, so a reused pid is not "alive".
    running = []
    for proc in processes:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                running.append(proc)
        except psutil.NoSuchProcess:  # it exited between the two questions: gone
            continue
    return running


@pytest.mark.parametrize("how", ["q", "ctrl+c", "SIGTERM", "SIGHUP", "SIGINT", "SIGKILL"])
def test_quitting_ptop_ends_the_whole_scenario_family(how):
    session = PtySession(["--scenario", "pool"], cols=160, rows=48)
    family: list[psutil.Process] = []
    try:
        assert session.read_until(ENTER_ALT_SCREEN, 30)
        # supervisor + scenario root + 4 pool workers
        family = scenario_family(session.proc.pid, want=6)
        if how == "q":
            session.send(b"q")
        elif how == "ctrl+c":
            session.send(b"\x03")
        else:
            session.signal(getattr(signal, how))
        code = session.wait(20)
        assert code is not None, "ptop did not exit"
        deadline = time.monotonic() + GONE_WITHIN_S
        while alive(family) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = alive(family)
        assert not left, f"after {how}: {[p.pid for p in left]} still running"
        if how != "SIGKILL":  # nothing can restore a terminal after SIGKILL
            assert LEAVE_ALT_SCREEN in session.output
    finally:
        session.close()
        reap(alive(family))


def test_a_terminal_closed_while_ptop_quits_does_not_keep_it_alive():
    # Quitting waits for the scenario's family (here ~2.5 s: it ignores SIGTERM). Closing
    # the terminal meanwhile sends SIGHUP and SIGCONT; Textual used to restart its input
    # thread on the dead terminal, which then spun at 100 % CPU and kept ptop alive.
    deaf = Path(__file__).parents[1] / "data" / "launcher" / "deaf.py"
    session = PtySession(["--run", str(deaf)], cols=160, rows=48, controlling=True)
    family: list[psutil.Process] = []
    try:
        assert session.read_until(b"deaf", 30)
        family = psutil.Process(session.proc.pid).children(recursive=True)
        session.send(b"q")
        time.sleep(0.5)
        session.hang_up()
        session.proc.wait(timeout=20)  # raises TimeoutExpired if ptop hangs
        # SIGHUP ends ptop at once; the supervisor finishes ending the family without it.
        deadline = time.monotonic() + GONE_WITHIN_S
        while alive(family) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(family)
    finally:
        session.close()
        reap(alive(family))


def test_a_process_that_exits_while_it_is_checked_counts_as_gone():
    # Under load a family member could exit between is_running() and status().
    class Vanishing(psutil.Process):
        def is_running(self) -> bool:
            return True

        def status(self) -> str:
            raise psutil.NoSuchProcess(self.pid)

    me = psutil.Process()
    assert alive([Vanishing(me.pid), me]) == [me]
