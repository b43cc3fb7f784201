"""Provides exit_words(): how a scenario ended, in words a student reads (not a bare number).

`■ pool exited 130` says nothing to a newcomer: 130 is what a Python program returns
after Ctrl+C (128 + SIGINT), which is how the shipped scenarios answer ptop's stop key.
ptop knows whether the user asked for the stop, so it says so; other codes are told
apart: 0 is a normal end, a positive code an error, a negative one the signal that
killed the process (subprocess's convention).
"""

from __future__ import annotations

import signal

from ptop.model.i18n import text


def signal_name(number: int) -> str:
    """SIGKILL for 9; 'signal 99' for a number this system has no name for."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def exit_words(code: int | None, lang: str = "en", *, stopped_by_user: bool = False) -> str:
    """How a run ended: 'stopped by you', 'ended normally', 'ended with error code 2', ..."""
    if stopped_by_user:
        return text("exit.stopped-by-you", lang)
    if code is None:
        return text("exit.unknown", lang)
    if code == 0:
        return text("exit.normal", lang)
    if code < 0:
        return text("exit.signal", lang, signal=signal_name(-code))
    return text("exit.error", lang, code=code)
