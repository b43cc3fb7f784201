"""Provides PtopApp: global keys, the injected sampler and signaller, and clean exits on signals."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Collection, Iterable
from functools import partial
from types import FrameType
from typing import Protocol

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ptop.launcher.catalog import ScenarioInfo
from ptop.model.i18n import text
from ptop.model.snapshot import ProcessKey, Snapshot
from ptop.sampling.control import SignalResult, send_signal
from ptop.ui.scenario_feed import RunnerLike
from ptop.ui.screens.help_screen import key_label, keys_label
from ptop.ui.screens.main_screen import MainScreen

Signaller = Callable[[ProcessKey, int], SignalResult]


class SamplerLike(Protocol):
    """What PtopApp needs from a sampler (SystemSampler, ReplaySampler)."""

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        """Return one snapshot; threads are read for detail_pids."""
        ...


class PtopApp(App[None]):
    """ptop: a live process and thread monitor.

    | Key | Action |
    | :- | :- |
    | Ctrl+C | Quit |

    q / F10 (quit) and F1 / ? (help) are the main screen's first bindings, so the footer
    shows them first, even on a narrow terminal.
    """

    CSS_PATH = "ptop.tcss"
    TITLE = "ptop"
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        sampler: SamplerLike | None = None,
        interval_s: float = 1.0,
        readonly: bool = False,
        live: bool = True,
        signaller: Signaller = send_signal,
        runner: RunnerLike | None = None,
        catalog: list[ScenarioInfo] | None = None,
        initial_scenario: tuple[ScenarioInfo, tuple[str, ...]] | None = None,
        lang: str | None = None,
    ) -> None:
        """Build the app.

        Args:
            sampler: where snapshots come from; the real machine by default.
            interval_s: seconds between samples.
            readonly: refuse every action that affects another process.
            live: sample in a background thread; False samples once (tests drive ticks).
            signaller: sends a signal to (pid, create_time); tests pass a fake.
            runner: starts and stops scenarios; a real ScenarioRunner by default.
            catalog: the scenarios offered in the panel (default: the shipped ones).
            initial_scenario: a scenario (and its arguments) to start at launch.
            lang: language of the lesson texts, 'en' or 'zh' (default: from the locale).
        """
        super().__init__()
        if sampler is None:
            from ptop.sampling.sampler import SystemSampler

            sampler = SystemSampler()
        self.sampler: SamplerLike = sampler
        self.interval_s = interval_s
        self.readonly = readonly
        self.live = live
        self.signaller = signaller
        if runner is None:
            from ptop.launcher.runner import ScenarioRunner

            runner = ScenarioRunner()
        self.runner = runner
        if catalog is None:
            from ptop.launcher.catalog import load_catalog

            catalog = load_catalog()
        self.catalog = catalog
        self.initial_scenario = initial_scenario
        if lang is None:
            from ptop.model.i18n import default_language

            lang = default_language()
        self.lang = lang

    def get_default_screen(self) -> Screen[None]:
        return MainScreen()

    @property
    def main_screen(self) -> MainScreen:
        """The main screen, even while a dialog is on top."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("no MainScreen")

    def on_mount(self) -> None:
        # Textual's Linux driver handles no SIGTERM/SIGHUP: without these the terminal
        # stays in raw mode and children survive (see shared/docs/textual-notes.md §7).
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            # Not possible off the main thread (tests) or on some platforms.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, self.exit)
        self._resume_only_while_running()

    def _resume_only_while_running(self) -> None:
        """Let Textual's SIGCONT handler restart the terminal only while ptop runs on one.

        Textual restarts its driver on SIGCONT (coming back from Ctrl+Z). A terminal
        that closes sends SIGHUP *and* SIGCONT; if that happens while ptop quits (it
        waits for a scenario's family), the restart starts a new input thread on the
        dead terminal after the old one was stopped: it spins at 100 % CPU and keeps
        the process alive for ever.
        """
        textual_handler = signal.getsignal(signal.SIGCONT)
        if not callable(textual_handler):
            return

        def on_continue(signum: int, frame: FrameType | None) -> None:
            try:
                on_a_terminal = sys.__stdin__ is not None and os.isatty(sys.__stdin__.fileno())
            except (OSError, ValueError):
                on_a_terminal = False
            if on_a_terminal and not self._exit:
                textual_handler(signum, frame)

        with contextlib.suppress(ValueError):  # not the main thread (tests)
            signal.signal(signal.SIGCONT, on_continue)

    def startup_done(self) -> None:
        """Called once the first frame is on screen.

        If the command line paused the garbage collector for start-up, freeze what
        start-up built (Textual, the widgets, the catalog: it lives as long as ptop)
        so later collections never re-scan it, and resume collecting.
        """
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def action_help(self) -> None:
        """Open the help screen."""
        self.main_screen.action_help()

    def help_bindings(self) -> list[Binding]:
        """Every documented key of the app and main screen, for help and the palette."""
        found = []
        for binding in [*self.BINDINGS, *MainScreen.BINDINGS]:
            if isinstance(binding, Binding) and binding.description:
                found.append(binding)
        return found

    def get_key_display(self, binding: Binding) -> str:
        """Keys as people write them: `F1`, `Space`, `=` (not `f1`, `space`, `equals_sign`)."""
        if binding.key_display:
            return binding.key_display
        return key_label(binding.key.split(",")[0].strip())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, then every key of ptop by its description (from the bindings).

        Quit is Textual's own; a key that does nothing now (Stop with no scenario, Kill
        read-only) is left out, as in the footer.
        """
        yield from super().get_system_commands(screen)
        main = self.main_screen
        for binding in MainScreen.BINDINGS:
            if not isinstance(binding, Binding) or binding.id in (None, "quit"):
                continue
            action = binding.action
            name = action.split("(", 1)[0]
            if main.check_action(name, ()) is False:
                continue
            yield SystemCommand(
                text(f"key.{binding.id}", self.lang),
                keys_label(binding.key),
                partial(main.run_action, action),
            )
