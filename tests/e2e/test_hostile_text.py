"""A process's name, arguments and output are drawn as text, never sent to the terminal raw."""

from __future__ import annotations

import sys
from pathlib import Path

import psutil
import pytest

from tests.conftest import reap
from tests.terminal import ENTER_ALT_SCREEN, PtySession

pytestmark = [
    pytest.mark.slow,
    pytest.mark.posix,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_NAME)"),
]

HOSTILE = Path(__file__).parents[1] / "data" / "launcher" / "hostile.py"


def test_escape_codes_from_a_watched_process_are_shown_not_obeyed():
    session = PtySession(["--run", str(HOSTILE), "arg\x1b]2;PWNED-ARG\x07"], cols=160, rows=48)
    family: list[psutil.Process] = []
    try:
        assert session.read_until(ENTER_ALT_SCREEN, 30)
        # The name is drawn in the process row and the thread heading; the output in the log.
        assert session.read_until(b"?]2;PWNED-NAME?", 30), "the renamed process was never drawn"
        assert session.read_until(b"?]2;PWNED-OUT?", 30), "the output line was never drawn"
        assert session.read_until(b"red words stay words", 10)
        family = psutil.Process(session.proc.pid).children(recursive=True)
        session.send(b"q")
        assert session.wait(20) is not None
        output = bytes(session.output)
        for raw in (b"\x1b]2;PWNED", b"\x1b[31mred", b"\x1b[42m"):
            assert raw not in output
    finally:
        session.close()
        reap(family)
