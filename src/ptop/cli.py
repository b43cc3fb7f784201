"""Provides the `ptop` command line: parses options and starts the TUI or prints a snapshot.

Textual is imported only when the TUI starts, so `--once --json` and
`--list-scenarios` stay fast and headless.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ptop import __version__

if TYPE_CHECKING:
    from ptop.model.settings import Settings
    from ptop.settings_file import SettingsFile


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
        default=None,  # None: the settings file's, else 1
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
    _add_settings_options(parser)
    parser.add_argument("--version", action="version", version=f"ptop {__version__}")
    return parser


# --- settings and htop habits: -p -u -t -s -C, --no-config (ptop.toml, F2 setup) ---


SORT_NAMES_HELP = "PID, PPID, USER, S, NI, THR, CPU%, MEM%, RSS, TIME+, Command"
"""The titles of ptop.model.columns (a test checks); imported only when needed, for start-up."""


def _pid_list(text: str) -> frozenset[int]:
    try:
        pids = frozenset(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of PIDs: {text!r}") from None
    if not pids or min(pids) < 0:
        raise argparse.ArgumentTypeError(f"not a list of PIDs: {text!r}")
    return pids


def _add_settings_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "htop habits and settings",
        "Sort, tree, interval, theme, language and columns are kept in ptop.toml in your "
        "config directory (change them with F2); these options override it for one run.",
    )
    group.add_argument(
        "-p",
        "--pid",
        dest="pids",
        action="append",
        type=_pid_list,
        metavar="PID[,PID...]",
        help="show only these processes",
    )
    group.add_argument("-u", "--user", metavar="USER", help="show only this user's processes")
    group.add_argument("-t", "--tree", action="store_true", help="start in tree view")
    group.add_argument(
        "-s",
        "--sort",
        metavar="COLUMN",
        help="sort by this column: " + SORT_NAMES_HELP.replace("%", "%%") + " (htop names too)",
    )
    group.add_argument(
        "-C", "--no-color", action="store_true", help="no colours (also when NO_COLOR is set)"
    )
    group.add_argument(
        "--no-config", action="store_true", help="neither read nor save the settings file"
    )


def _check_settings_options(options: argparse.Namespace) -> str | None:
    """Validate -u and -s; returns an error message, None when fine."""
    if options.sort is not None:
        from ptop.model.settings import resolve_sort_name, sort_names

        if resolve_sort_name(options.sort) is None:
            return f"unknown sort column {options.sort!r} (valid: {', '.join(sort_names())})"
    if options.user is not None:
        import pwd

        try:
            if options.user.isdigit():
                options.user = pwd.getpwuid(int(options.user)).pw_name
            else:
                pwd.getpwnam(options.user)
        except (KeyError, OverflowError):
            return f"unknown user {options.user!r}"
    return None


def _settings_for_run(
    options: argparse.Namespace,
) -> tuple[Settings, SettingsFile | None, Settings, str | None]:
    """(this run's settings, file to save to, what the file holds, its warning)."""
    from ptop.model.columns import process_column
    from ptop.model.settings import Settings, resolve_sort_name
    from ptop.settings_file import SettingsFile

    settings_file = None if options.no_config else SettingsFile()
    saved, warning = Settings(), None
    if settings_file is not None:
        saved, warning = settings_file.load()
        if warning is not None:
            sys.stderr.write(f"ptop: warning: {warning}\n")
    settings = saved
    if options.sort is not None:
        key = resolve_sort_name(options.sort) or settings.sort_key
        settings = replace(settings, sort_key=key, reverse=process_column(key).descending_first)
    if options.tree:
        settings = replace(settings, tree=True)
    if options.interval is not None:
        settings = replace(settings, interval_s=options.interval)
    if options.lang is not None:
        settings = replace(settings, lang=options.lang)
    return settings, settings_file, saved, warning


def _only_pids(options: argparse.Namespace) -> frozenset[int] | None:
    if not options.pids:
        return None
    return frozenset().union(*options.pids)


# --- end of settings and htop habits ---


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
    problem = _check_settings_options(options)
    if problem is not None:
        return _fail(problem)
    if options.once:
        from ptop.once import print_once

        return print_once(as_json=options.json)
    if options.serve:
        from ptop.serve import serve

        # A served session neither reads nor changes the settings of whoever serves it.
        passed = ["--no-config"]
        if options.interval is not None:
            passed += ["--interval", str(options.interval)]
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
    settings, settings_file, saved, warning = _settings_for_run(options)
    if options.no_color:
        os.environ["NO_COLOR"] = "1"  # Textual reads it when the app is built
    gc.disable()
    from ptop.app import PtopApp

    app = PtopApp(
        interval_s=settings.interval_s,
        readonly=options.readonly,
        catalog=catalog,
        initial_scenario=initial,
        lang=settings.lang,
        settings=settings,
        settings_file=settings_file,
        saved_settings=saved,
        settings_warning=warning,
        only_pids=_only_pids(options),
        only_user=options.user,
    )
    try:
        app.run()
    finally:
        app.runner.close()
    return app.return_code or 0
