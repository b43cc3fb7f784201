"""Provides the `ptop` command line: parses options and starts the TUI or prints a snapshot.

Textual is imported only when the TUI starts, so `--once --json` and
`--list-scenarios` stay fast and headless.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

from ptop import __version__
from ptop.model.refresh import MAX_INTERVAL_S, MIN_INTERVAL_S, interval_in_range

if TYPE_CHECKING:
    from ptop.app import PtopApp
    from ptop.model.settings import Settings
    from ptop.settings_file import SettingsFile

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"ptop: error: {message} (see ptop --help)\n")


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not interval_in_range(value):
        raise argparse.ArgumentTypeError(
            f"must be between {MIN_INTERVAL_S:g} and {MAX_INTERVAL_S:g} seconds, got {text}"
        )
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535 (0: any free port), got {text}")
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
        help=f"seconds (not tenths, unlike htop's -d) between refreshes, "
        f"{MIN_INTERVAL_S:g} to {MAX_INTERVAL_S:g} (default 1)",
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
        help="serve ptop in a browser, read-only (needs ptop-lab[serve]); there is no "
        "login yet: anyone who can reach the address sees every process and can start "
        "scenarios, so keep the loopback default",
    )
    parser.add_argument(
        "--host",
        help="with --serve: address to bind (default 127.0.0.1, loopback only)",
    )
    parser.add_argument(
        "--port", type=_port, help="with --serve: port, 0 for any free one (default 8000)"
    )
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


# -- checks before anything starts ---------------------------------------------------


class _RefusalError(Exception):
    """Bad input found after parsing: an i18n key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _split_script_args(args: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Everything after `--run SCRIPT` (or `--run=SCRIPT`) belongs to the script, not to ptop."""
    for index, arg in enumerate(args):
        if arg == "--run":
            return args[: index + 2], tuple(args[index + 2 :])
        if arg.startswith("--run="):
            return args[: index + 1], tuple(args[index + 1 :])
    return args, ()


def _check_combinations(options: argparse.Namespace) -> None:
    """Refuse options that the chosen mode would silently ignore.

    Raises:
        _RefusalError: naming the option and what it needs or clashes with.
    """
    given = {
        "--once": options.once,
        "--serve": options.serve,
        "--list-scenarios": options.list_scenarios,
        "--scenario": options.scenario is not None,
        "--run": options.run is not None,
    }
    clashes = {
        "--once": ("--serve", "--list-scenarios", "--scenario", "--run"),
        "--serve": ("--list-scenarios", "--run"),
    }
    for mode, others in clashes.items():
        for other in others:
            if given[mode] and given[other]:
                raise _RefusalError("cli.not-with", option=mode, other=other)
    if options.json and not options.once:
        raise _RefusalError("cli.needs", option="--json", other="--once")
    for option in ("host", "port"):
        if getattr(options, option) is not None and not options.serve:
            raise _RefusalError("cli.needs", option=f"--{option}", other="--serve")


def _check_terminal() -> None:
    """The TUI needs a terminal on stdin, stdout and stderr.

    Textual reads keys from stdin, takes the size from stdout and draws on stderr:
    without a terminal on each it spins, draws at the wrong size or draws nowhere.

    textual-serve runs each browser tab's ptop on pipes with TEXTUAL_DRIVER set to its
    web driver, which needs no terminal.

    Raises:
        _RefusalError: when one of them is not a terminal (or is closed).
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        try:
            on_a_terminal = stream is not None and os.isatty(stream.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            on_a_terminal = False
        if not on_a_terminal:
            raise _RefusalError("cli.no-terminal")


def _check_stdout() -> None:
    """A mode that prints needs a stdout (`ptop --once >&-` has none)."""
    if sys.stdout is None:
        raise _RefusalError("cli.stdout-closed")


def _fail(message: str) -> int:
    if sys.stderr is not None:
        sys.stderr.write(f"ptop: error: {message}\n")
    return 2


def _refuse(refusal: _RefusalError, lang: str | None) -> int:
    from ptop.model.i18n import default_language, text

    return _fail(text(refusal.key, lang or default_language(), **refusal.params))


# -- the process as a whole ----------------------------------------------------------


class _StopSignals:
    """SIGTERM, SIGHUP and SIGINT end ptop quickly and quietly outside the running TUI.

    While ptop imports or tears down, they unwind with exit code 128 + the signal and
    no traceback. While the TUI's event loop runs but the app has not yet installed its
    own handlers (PtopApp.on_mount), an exception would land inside Textual's start-up;
    the signal is passed to the app on its loop instead.
    """

    def __init__(self) -> None:
        self.app: PtopApp | None = None

    def install(self) -> None:
        for signum in STOP_SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup ptop keeps HUP ignored
                signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.app is not None and "asyncio" in sys.modules:
            import asyncio

            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                pass
            else:
                loop.call_soon_threadsafe(self.app.exit_on_signal, signum)
                return
        raise SystemExit(128 + signum)


def _replace_unencodable_output() -> None:
    """Print `?` for characters stdout cannot encode (PYTHONIOENCODING=ascii), like ps."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ptop; returns the process exit code.

    With argv None (the real command line) ptop also owns the process's signals.
    """
    stop_signals = _StopSignals() if argv is None else None
    if stop_signals is not None:
        stop_signals.install()
    _replace_unencodable_output()
    args, script_args = _split_script_args(list(sys.argv[1:] if argv is None else argv))
    options = build_parser().parse_args(args)
    try:
        _check_combinations(options)
        if options.once or options.list_scenarios:
            _check_stdout()
    except _RefusalError as refusal:
        return _refuse(refusal, options.lang)
    problem = _check_settings_options(options)
    if problem is not None:
        return _fail(problem)
    try:
        if options.once:
            from ptop.once import print_once

            return print_once(as_json=options.json)
        if options.serve:
            return _serve(options)
        return _run_tui(options, script_args, stop_signals)
    except BrokenPipeError:  # `ptop --once | head -1`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _serve(options: argparse.Namespace) -> int:
    from ptop.launcher.catalog import (
        ScenarioCatalogError,
        UnknownScenarioError,
        find_scenario,
        load_catalog,
    )
    from ptop.serve import DEFAULT_HOST, DEFAULT_PORT, ServeError, serve

    if options.scenario:  # every browser tab would fail on a wrong name: say it now
        try:
            find_scenario(options.scenario, load_catalog())
        except (ScenarioCatalogError, UnknownScenarioError) as error:
            return _fail(str(error).strip("'\""))
    # A served session neither reads nor changes the settings of whoever serves it.
    passed = ["--no-config"]
    if options.interval is not None:
        passed += ["--interval", str(options.interval)]
    if options.lang:
        passed += ["--lang", options.lang]
    if options.scenario:
        passed += ["--scenario", options.scenario]
    host = DEFAULT_HOST if options.host is None else options.host
    port = DEFAULT_PORT if options.port is None else options.port
    try:
        return serve(host, port, passed)
    except ServeError as error:
        return _refuse(_RefusalError(error.key, **error.params), options.lang)


def _run_tui(
    options: argparse.Namespace,
    script_args: tuple[str, ...],
    stop_signals: _StopSignals | None,
) -> int:
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
    try:
        _check_terminal()
    except _RefusalError as refusal:
        return _refuse(refusal, options.lang)

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
    if stop_signals is not None:
        stop_signals.app = app
    try:
        app.run()
    finally:
        if stop_signals is not None:  # the app's handlers went with its event loop
            stop_signals.install()
        if app.stopped_by_signal is None:
            app.wait_for_scenarios()
    return app.return_code or 0
