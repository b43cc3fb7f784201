"""Provides send_signal(): the only code in ptop that acts on another process.

A process is named by (pid, create_time), never by pid alone: between the moment a
user picks a row and the moment the signal goes out, the process may have exited
and its pid been reused by an unrelated program.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass

from ptop.model.i18n import text
from ptop.model.snapshot import ProcessKey

SIGNALS: tuple[tuple[str, int, str], ...] = tuple(
    (name, int(getattr(signal, f"SIG{name}")), text(f"signal.{name}"))
    for name in ("TERM", "INT", "HUP", "KILL", "STOP", "CONT", "USR1", "USR2")
    if hasattr(signal, f"SIG{name}")
)
"""Signals offered by the kill dialog: (name, number, what it does)."""

_CREATE_TIME_TOLERANCE_S = 0.05
"""/proc start times are in clock ticks (10 ms); allow rounding differences."""


@dataclass(frozen=True, slots=True)
class SignalResult:
    """What happened when ptop tried to signal a process."""

    ok: bool
    message: str
    """One line in English."""
    reason: str = ""
    """'sent', 'refused', 'reused', 'gone' or 'denied': ``result.<reason>`` in ptop.model.i18n."""
    pid: int = 0
    signal: str = ""

    def words(self, lang: str) -> str:
        """The message in lang (the English message when there is no reason to translate)."""
        if not self.reason:
            return self.message
        return text(f"result.{self.reason}", lang, pid=self.pid, signal=self.signal)


def send_signal(
    key: ProcessKey, signum: int, *, protect: frozenset[int] | None = None
) -> SignalResult:
    """Send signum to the process identified by key, if it is still that process.

    Args:
        key: (pid, create_time) of the process the user chose.
        signum: the signal number.
        protect: pids that must never be signalled (default: 1 and ptop itself).

    Returns:
        ok=False with a one-line reason when refused, gone, reused or not permitted.
    """
    import psutil  # imported here: ~12 ms that a start-up without scenarios never needs

    pid, create_time = key
    protected = protect if protect is not None else frozenset({0, 1, os.getpid()})
    if pid in protected or pid <= 0:
        return SignalResult(False, f"refusing to signal pid {pid}", "refused", pid)
    try:
        proc = psutil.Process(pid)
        if abs(proc.create_time() - create_time) > _CREATE_TIME_TOLERANCE_S:
            return SignalResult(
                False, f"pid {pid} is now a different process; not signalled", "reused", pid
            )
        proc.send_signal(signum)
    except psutil.NoSuchProcess:
        return SignalResult(False, f"pid {pid} has already exited", "gone", pid)
    except psutil.AccessDenied:
        return SignalResult(False, f"permission denied to signal pid {pid}", "denied", pid)
    name = (
        signal.Signals(signum).name if signum in signal.Signals._value2member_map_ else str(signum)
    )
    return SignalResult(True, f"sent {name} to pid {pid}", "sent", pid, name)
