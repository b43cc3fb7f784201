"""Provides the types the runner and the scenario process share: a started scenario, a line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ScenarioStartError(RuntimeError):
    """The scenario could not be started (the message says why, in one line)."""


@dataclass(frozen=True, slots=True)
class RunningScenario:
    """Identity of a started scenario.

    Attributes:
        script: The script that runs, as given to :meth:`ScenarioRunner.start`.
        args: Its command-line arguments.
        pid: Pid of the scenario's root process (the ``python -u script`` process).
        create_time: The root's start time as ``psutil.Process(pid).create_time()``
            returns it; with ``pid`` it identifies the process.
        supervisor_pid: Pid of the supervisor, the root's parent and ptop's child.
        started_at_monotonic: ``time.monotonic()`` when the pid became known.
    """

    script: Path
    args: tuple[str, ...]
    pid: int
    create_time: float
    supervisor_pid: int
    started_at_monotonic: float


@dataclass(frozen=True, slots=True)
class OutputLine:
    """One line the scenario wrote, without its line ending.

    Attributes:
        stream: ``"stdout"`` or ``"stderr"``.
        text: The line, decoded as UTF-8 (undecodable bytes replaced), at most
            ``MAX_LINE_BYTES`` bytes of it plus ``TRUNCATION_MARK`` when cut,
            made safe to draw (colour codes dropped, control characters as ``?``).
        at_monotonic: ``time.monotonic()`` when ptop read it.
    """

    stream: str
    text: str
    at_monotonic: float
