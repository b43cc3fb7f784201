"""NO_COLOR=1 (no-color.org) draws ptop in monochrome instead of crashing at start."""

from __future__ import annotations

import time

import pytest

from tests.terminal import ENTER_ALT_SCREEN, PtySession

pytestmark = [pytest.mark.slow, pytest.mark.posix]


def test_ptop_starts_draws_and_quits_with_no_color():
    session = PtySession(["--interval", "0.5"], cols=80, rows=24, env={"NO_COLOR": "1"})
    try:
        assert session.read_until(ENTER_ALT_SCREEN, 30)
        # The empty table's "reading processes…" line is drawn before the first sample.
        assert session.read_until(b"Quit", 30), bytes(session.output[-2000:])
        time.sleep(2)  # a few ticks with rows
        assert session.proc.poll() is None, bytes(session.output[-2000:])
        session.send(b"q")
        assert session.wait(20) == 0
        assert b"Traceback" not in session.output
        assert b"AttributeError" not in session.output
    finally:
        session.close()
