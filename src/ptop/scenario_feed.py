"""Provides ScenarioFeed: starts scenarios through a runner and hands their output to the UI thread.

Runner callbacks arrive on reader threads. Telling the UI once per line would let a
chatty script flood its message queue, so lines go into a bounded buffer and the UI is
told once per batch (on_output, from the reader thread); it drains the buffer when it
runs. No Textual here: the screen turns the callbacks into messages.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from ptop.launcher.catalog import ScenarioInfo
from ptop.launcher.runner import RunningScenario
from ptop.launcher.scenario_process import OutputLine
from ptop.model.exit_status import exit_words
from ptop.model.i18n import text

BUFFER_LINES = 2000
"""The default buffer: no more than the log keeps (the screen passes the log's MAX_LINES)."""


class RunnerLike(Protocol):
    """What the feed needs from a runner (ScenarioRunner, or a fake in tests)."""

    def start(
        self,
        script: Path,
        args: Sequence[str] = (),
        *,
        on_line: Callable[[OutputLine], None],
        on_exit: Callable[[int], None],
        on_started: Callable[[int], None] | None = None,
    ) -> RunningScenario: ...

    def stop(self, timeout_s: float = 5.0) -> int | None: ...

    def close(self) -> None: ...


class ScenarioFeed:
    """The running scenario as the UI sees it: identity, status and buffered output."""

    def __init__(
        self,
        runner: RunnerLike,
        on_output: Callable[[], object],
        on_exit: Callable[[int, int], object],
        buffer_lines: int = BUFFER_LINES,
    ) -> None:
        """Feed a runner's scenarios to the UI.

        Args:
            runner: starts and stops the scenarios.
            on_output: called (on a reader thread) when lines wait in an empty buffer.
            on_exit: called (on a runner thread) with (run_id, returncode) when a run's
                family is gone; give exited() both on the UI thread.
            buffer_lines: lines kept until drained (buffering what the log would drop
                at once is wasted work).
        """
        self.runner = runner
        self._on_output = on_output
        self._on_exit = on_exit
        self._lock = threading.Lock()
        self._lines: deque[OutputLine] = deque(maxlen=buffer_lines)
        self._pending = False
        self.dropped = 0
        """Lines pushed out of the full buffer since the UI last drained it."""
        self.info: ScenarioInfo | None = None
        self.running: RunningScenario | None = None
        self.returncode: int | None = None
        self.stop_requested = False
        """Whether the user asked the current run to stop (so its exit code is theirs)."""
        self._run_id = 0

    def start(self, info: ScenarioInfo, args: Sequence[str] = ()) -> RunningScenario:
        """Stop whatever runs, then start info's script; call from the event-loop thread."""
        self.stop()
        self.info, self.returncode, self.stop_requested = info, None, False
        self._run_id += 1
        run_id = self._run_id

        def on_exit(code: int) -> None:
            self._on_exit(run_id, code)

        running = self.runner.start(info.path, args, on_line=self._on_line, on_exit=on_exit)
        self.running = running
        return running

    def stop(self) -> None:
        """End the running scenario's whole family (blocks until it is gone)."""
        if self.running is not None:
            self.stop_requested = True
            self.runner.stop()

    def exited(self, run_id: int, returncode: int) -> bool:
        """Record an exit; False when it belongs to an older run."""
        if run_id != self._run_id:
            return False
        self.returncode = returncode
        self.running = None
        return True

    def _on_line(self, line: OutputLine) -> None:
        with self._lock:
            if len(self._lines) == self._lines.maxlen:
                self.dropped += 1
            self._lines.append(line)
            if self._pending:
                return
            self._pending = True
        self._on_output()

    def drain(self) -> tuple[list[OutputLine], int]:
        """Take every buffered line, and how many older ones were dropped (UI thread)."""
        with self._lock:
            lines = list(self._lines)
            dropped, self.dropped = self.dropped, 0
            self._lines.clear()
            self._pending = False
        return lines, dropped

    def ended_how(self, lang: str = "en") -> str:
        """How the last run ended, in words: 'stopped by you', 'ended normally', ..."""
        return exit_words(self.returncode, lang, stopped_by_user=self.stop_requested)

    def status(self, now_monotonic: float | None = None, lang: str = "en") -> str:
        """One line: what runs and for how long (at now, default the clock), or how it ended."""
        if self.info is None:
            return text("side.idle", lang)
        if self.running is not None and self.stop_requested:
            return text("side.stopping", lang, name=self.info.name)
        if self.running is not None:
            now = time.monotonic() if now_monotonic is None else now_monotonic
            elapsed = max(0.0, now - self.running.started_at_monotonic)
            return text(
                "side.running",
                lang,
                name=self.info.name,
                pid=self.running.pid,
                elapsed=f"{elapsed:.0f}",
            )
        return text("side.ended", lang, name=self.info.name, how=self.ended_how(lang))
