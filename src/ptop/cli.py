"""Provides the `ptop` command line: parses options and starts the TUI or prints a snapshot.

Textual is imported only when the TUI starts, so `--once --json` and
`--list-scenarios` stay fast and headless.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
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
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser."""
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
    lessons = parser.add_mutually_exclusive_group()
    lessons.add_argument(
        "--scenario",
        metavar="NAME",
        help="start with this teaching scenario running (see --list-scenarios)",
    )
    lessons.add_argument(
        "--list-scenarios",
        action="store_true",
        help="print the scenarios' names and titles and exit",
    )
    lessons.add_argument(
        "--run",
        metavar="SCRIPT",
        type=Path,
        help="run your own Python script and watch it like a scenario; "
        "arguments after it go to the script",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="serve ptop in a browser (read-only; needs ptop-lab[serve])",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="with --serve: address to bind (default 127.0.0.1, loopback only)",
    )
    parser.add_argument("--port", type=int, default=8000, help="with --serve: port (default 8000)")
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        help="language of the lesson texts (default: from the locale)",
    )
    parser.add_argument("--version", action="version", version=f"ptop {__version__}")
    return parser


def _fail(message: str) -> int:
    sys.stderr.write(f"ptop: error: {message}\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run ptop; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    script_args: tuple[str, ...] = ()
    if "--run" in args:
        # Everything after the script belongs to the script, not to ptop.
        index = args.index("--run")
        args, script_args = args[: index + 2], tuple(args[index + 2 :])
    parser = build_parser()
    options = parser.parse_args(args)
    if options.json and not options.once:
        parser.error("--json needs --once")
    if options.once:
        from ptop.once import print_once

        return print_once(as_json=options.json)
    if options.serve:
        from ptop.serve import serve

        passed = ["--interval", str(options.interval)]
        if options.lang:
            passed += ["--lang", options.lang]
        if options.scenario:
            passed += ["--scenario", options.scenario]
        return serve(options.host, options.port, passed)

    from ptop.launcher.catalog import (
        ScenarioCatalogError,
        ScenarioInfo,
        UnknownScenarioError,
        find_scenario,
        info_for_script,
        load_catalog,
    )

    try:
        catalog = load_catalog()
        if options.list_scenarios:
            width = max((len(info.name) for info in catalog), default=0)
            for info in catalog:
                sys.stdout.write(f"{info.name:<{width}}  {info.title}\n")
            return 0
        initial: tuple[ScenarioInfo, tuple[str, ...]] | None = None
        if options.scenario is not None:
            initial = (find_scenario(options.scenario, catalog), ())
        elif options.run is not None:
            initial = (info_for_script(options.run), script_args)
    except (ScenarioCatalogError, UnknownScenarioError) as error:
        return _fail(str(error).strip("'\""))

    # asyncio imports ssl just in case; the TUI never uses TLS, and loading OpenSSL costs
    # about 4.5 MiB of resident memory and 10 ms of start-up (measured by benchmarks/).
    if "ssl" not in sys.modules:
        sys.modules["ssl"] = None  # type: ignore[assignment]
    # Start-up allocates ~100,000 objects that live as long as ptop; collecting in
    # between only re-scans them (~50 ms before the first frame). PtopApp.startup_done()
    # moves them out of the collector's way and turns it back on.
    gc.disable()
    from ptop.app import PtopApp

    app = PtopApp(
        interval_s=options.interval,
        readonly=options.readonly,
        catalog=catalog,
        initial_scenario=initial,
    )
    try:
        app.run()
    finally:
        app.runner.close()
    return app.return_code or 0
