"""Provides the command column's three forms: short (basenames), full command line, name only.

htop shows a program's full path only when "show program path" is on; off, the column
reads `python3 pool.py` instead of `/long/venv/bin/python3 -u /long/.../scenarios/pool.py`.
ptop starts with the short form, and `c` cycles to the full command line and to names only.
"""

from __future__ import annotations

import enum
import re

from ptop.model.snapshot import ProcessSample


class CommandMode(enum.Enum):
    """What the command column shows; `c` goes to the next one."""

    SHORT = "short"
    """Program and script basenames, interpreter switches dropped: `python3 pool.py`."""
    FULL = "full"
    """The whole command line, paths and all."""
    NAME = "name"
    """The process's own name (comm) only."""

    def next(self) -> CommandMode:
        """The mode `c` switches to."""
        modes = list(CommandMode)
        return modes[(modes.index(self) + 1) % len(modes)]


_PYTHON = re.compile(r"python(\d+(\.\d+)?)?[a-z]?$")
_PYTHON_VALUE_SWITCHES = frozenset({"-X", "-W", "--check-hash-based-pycs"})
"""Interpreter switches that take the next argument as their value."""


_PATH = re.compile(r"[\w.~+@-]*(/[\w.+@-]+)+")
"""An argument that looks like a file path: `/a/b.py`, `scenarios/pool.py`, `./x` (not a URL,
an option, a trailing-slash directory or text such as `[/bold]`)."""


def _basename(arg: str) -> str:
    """The last path component of an argument that is a path (`/a/b.py` → `b.py`)."""
    if arg.startswith("-") or not _PATH.fullmatch(arg):
        return arg
    return arg.rsplit("/", 1)[-1]


def short_args(cmdline: tuple[str, ...]) -> tuple[str, ...]:
    """A command line with program and script basenames and no Python interpreter switches.

    `/venv/bin/python3 -u /x/scenarios/pool.py --seconds 5` → `python3 pool.py --seconds 5`;
    `-m` and `-c` stay (they say what runs); other programs only lose their paths.
    """
    if not cmdline:
        return ()
    program = _basename(cmdline[0])
    args = list(cmdline[1:])
    out = [program]
    if _PYTHON.match(program.lstrip("-")):
        while args and args[0].startswith("-") and args[0] not in ("-", "-m", "-c"):
            switch = args.pop(0)
            if switch in _PYTHON_VALUE_SWITCHES and args:
                args.pop(0)
    out.extend(_basename(arg) for arg in args)
    return tuple(out)


def command_text(proc: ProcessSample, mode: CommandMode) -> str:
    """What the command column shows for a process in a mode.

    A process that renamed itself (a multiprocessing worker) keeps its name in front,
    as in ProcessSample.label: `PoolWorker-1: python3 pool.py`.
    """
    if mode is CommandMode.NAME:
        return proc.name
    if mode is CommandMode.FULL or not proc.cmdline:
        return proc.label
    short = " ".join(short_args(proc.cmdline))
    program = proc.cmdline[0].rsplit("/", 1)[-1].lstrip("-")
    if program.startswith(proc.name) or proc.name.startswith(program[:15]):
        return short
    return f"{proc.name}: {short}"
