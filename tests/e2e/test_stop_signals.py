"""SIGTERM, SIGHUP and SIGINT end the real ptop in a real pty, in every state, and quickly.

With a scenario that ignores SIGTERM, waiting for its family takes the supervisor's 2 s
grace; ptop must not wait (the supervisor ends the family without it, and does: checked).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import psutil
import pytest

from ptop.model.i18n import text
from tests.conftest import reap
from tests.e2e.test_quit_cleanup import alive, scenario_family
from tests.terminal import ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, PtySession

pytestmark = [pytest.mark.slow, pytest.mark.posix]

DEAF = Path(__file__).parents[1] / "data" / "launcher" / "deaf.py"
EXIT_S = 5.0  # generous for a busy CI machine; ptop takes ~0.2 s here
NO_GRACE_S = 1.5  # below the 2 s grace that waiting for a deaf scenario costs
SIGNALS = ["SIGTERM", "SIGHUP", "SIGINT"]
ARGS = ["--no-config", "--lang", "en"]


def _ended_by(session: PtySession, name: str) -> float:
    """Send the signal; ptop's exit code says it was that signal. Returns seconds taken."""
    signum = getattr(signal, name)
    started = time.monotonic()
    session.signal(signum)
    code = session.wait(EXIT_S)
    took = time.monotonic() - started
    # -signum: the signal came before Python ran ptop's code (its default action)
    assert code in (128 + signum, -signum), f"{name}: exit code {code}"
    assert b"Traceback" not in session.output
    if ENTER_ALT_SCREEN in session.output:
        assert LEAVE_ALT_SCREEN in session.output, "terminal left in the alternate screen"
    return took


def _gone_later(family: list[psutil.Process], within_s: float = 10.0) -> None:
    deadline = time.monotonic() + within_s
    while alive(family) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(family), [p.pid for p in alive(family)]


@pytest.mark.parametrize("name", SIGNALS)
@pytest.mark.parametrize("delay_s", [0.05, 0.2, 0.35])
def test_during_start_up(name, delay_s):
    # Imports, then Textual's start-up: SIGINT used to print a KeyboardInterrupt traceback.
    session = PtySession(ARGS, cols=120, rows=36)
    try:
        time.sleep(delay_s)
        _ended_by(session, name)
    finally:
        session.close()


@pytest.mark.parametrize("name", SIGNALS)
def test_while_running_and_with_a_dialog_open(name):
    for keys in (b"", b"k"):  # k opens the signal dialog
        session = PtySession(ARGS, cols=120, rows=36)
        try:
            assert session.read_until(ENTER_ALT_SCREEN, 30)
            assert session.read_until(b"PID", 30)
            time.sleep(1.0)
            if keys:
                session.send(keys)
                assert session.read_until(text("dialog.signal-title", "en").strip().encode(), 10)
            _ended_by(session, name)
        finally:
            session.close()


@pytest.mark.parametrize("name", SIGNALS)
@pytest.mark.parametrize("quitting", [False, True], ids=["running", "quitting"])
def test_with_a_scenario_that_ignores_sigterm(name, quitting):
    session = PtySession([*ARGS, "--run", str(DEAF)], cols=160, rows=48)
    family: list[psutil.Process] = []
    try:
        assert session.read_until(b"deaf", 30)
        family = scenario_family(session.proc.pid, want=2)  # supervisor + deaf.py
        if quitting:
            session.send(b"q")  # q waits for the family (2 s grace, then SIGKILL)...
            time.sleep(0.3)
        took = _ended_by(session, name)  # ...a signal does not: ~0.2 s here
        assert took < NO_GRACE_S, f"ptop took {took:.1f} s: it waited for the family"
        _gone_later(family)  # the supervisor ends it without ptop
    finally:
        session.close()
        reap(alive(family))
