"""ptop in a real pty: it quits on q, and SIGTERM/SIGHUP restore the terminal."""

from __future__ import annotations

import signal
import sys

import pytest

from tests.terminal import ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, PtySession

pytestmark = [
    pytest.mark.slow,
    pytest.mark.posix,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a pty"),
]


@pytest.fixture
def session():
    sessions: list[PtySession] = []

    def start(*args: str) -> PtySession:
        s = PtySession(args)
        sessions.append(s)
        assert s.read_until(ENTER_ALT_SCREEN, 30), bytes(s.output[-500:])
        assert s.read_until(b"PID", 30), "the process table never appeared"
        return s

    yield start
    for s in sessions:
        s.close()


def test_q_quits_and_restores_the_terminal(session):
    s = session()
    s.send(b"q")
    assert s.wait(20) == 0
    assert LEAVE_ALT_SCREEN in s.output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_restore_the_terminal(session, signum):
    s = session()
    s.signal(signum)
    code = s.wait(20)
    assert code is not None, "ptop did not exit"
    assert LEAVE_ALT_SCREEN in s.output
    assert b"Traceback" not in s.output
