"""Provides the `ptop` command line: parses options and starts the TUI or prints a snapshot.

Textual is imported only when the TUI starts, so `--once --json` stays fast and headless.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from ptop import __version__


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"ptop: error: {message} (see ptop --help)\n")


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (also used by the README's option list)."""
    parser = _Parser(
        prog="ptop",
        description="A process and thread monitor made for teaching.",
    )
    parser.add_argument(
        "--interval",
        "-d",
        type=_interval,
        default=1.0,
        metavar="SECONDS",
        help="seconds between refreshes (default 1)",
    )
    parser.add_argument(
        "--readonly",
        action="store_true",
        help="never signal a process (for shared or served sessions)",
    )
    parser.add_argument(
        "--once", action="store_true", help="print one snapshot and exit (like top -b -n 1)"
    )
    parser.add_argument("--json", action="store_true", help="with --once: print JSON")
    parser.add_argument("--version", action="version", version=f"ptop {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ptop; returns the process exit code."""
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.json and not options.once:
        parser.error("--json needs --once")
    if options.once:
        from ptop.once import print_once

        return print_once(as_json=options.json)
    from ptop.app import PtopApp

    app = PtopApp(interval_s=options.interval, readonly=options.readonly)
    app.run()
    return app.return_code or 0
