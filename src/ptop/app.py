"""Provides PtopApp: global keys, the injected sampler and signaller, and clean exits on signals."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from types import FrameType

from rich.console import RenderableType
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ptop.launcher.catalog import ScenarioInfo
from ptop.model.i18n import TEXTS, text
from ptop.model.refresh import INTERVAL_STEPS_S
from ptop.model.settings import Settings, with_changes
from ptop.sampling.control import send_signal
from ptop.scenario_controller import Signaller
from ptop.scenario_feed import RunnerLike
from ptop.settings_file import SettingsFile
from ptop.ui.screens.help_screen import documented_bindings, key_label, keys_label
from ptop.ui.screens.main_screen import MainScreen
from ptop.ui.screens.setup_screen import SetupScreen
from ptop.ui.services import SamplerLike, ScreenServices

__all__ = ["PtopApp", "SamplerLike", "Signaller"]

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
"""Each ends ptop within a second, whatever it is doing."""
STARTUP_GRACE_S = 0.6
"""Longest a stop signal waits for the start-up to finish (it takes ~0.3 s)."""
HANDOVER_S = 0.5
"""Longest wait, on exit, for the runner to take the scenario off its books (microseconds)."""


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
        settings: Settings | None = None,
        settings_file: SettingsFile | None = None,
        saved_settings: Settings | None = None,
        settings_warning: str | None = None,
        only_pids: frozenset[int] | None = None,
        only_user: str | None = None,
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
            lang: language of the lesson texts, 'en' or 'zh' (default: settings', else
                from the locale).
            settings: sort, tree, theme, columns... to start with (interval_s and lang
                come from the arguments above).
            settings_file: where changed settings are saved; None saves nothing.
            saved_settings: what settings_file holds now.
            settings_warning: shown once the screen is up (the file could not be used).
            only_pids: show only these processes (-p).
            only_user: show only this user's processes (-u).
        """
        super().__init__()
        if sampler is None:
            from ptop.sampling.sampler import system_sampler

            sampler = system_sampler()
        if runner is None:
            from ptop.launcher.runner import ScenarioRunner

            runner = ScenarioRunner()
        if catalog is None:
            from ptop.launcher.catalog import load_catalog

            catalog = load_catalog()
        settings = Settings() if settings is None else settings
        if lang is None:
            lang = settings.lang
        if lang is None:
            from ptop.model.i18n import default_language

            lang = default_language()
        self.services = ScreenServices(
            sampler=sampler,
            runner=runner,
            signaller=signaller,
            catalog=catalog,
            settings=replace(settings, interval_s=interval_s, lang=lang),
            lang=lang,
            interval_s=interval_s,
            live=live,
            readonly=readonly,
            initial_scenario=initial_scenario,
            only_pids=only_pids,
            only_user=only_user,
            settings_changed=self.settings_changed,
            startup_done=self.startup_done,
        )
        """What the main screen works with (it changes lang and interval_s)."""
        self._init_settings(settings, settings_file, saved_settings, settings_warning)
        self.stopped_by_signal: int | None = None
        """The signal (SIGTERM, SIGHUP, SIGINT) that ended ptop, if one did."""
        self._scenario_closer: threading.Thread | None = None
        self._started = False

    @property
    def lang(self) -> str:
        """Language of ptop's texts now."""
        return self.services.lang

    @property
    def interval_s(self) -> float:
        """Seconds between samples now."""
        return self.services.interval_s

    @property
    def sampler(self) -> SamplerLike:
        """Where snapshots come from."""
        return self.services.sampler

    @property
    def signaller(self) -> Signaller:
        """What sends every signal (a fake in tests)."""
        return self.services.signaller

    @property
    def runner(self) -> RunnerLike:
        """What starts and stops scenarios."""
        return self.services.runner

    @property
    def live(self) -> bool:
        """Sample in a background thread (False: once; tests drive ticks)."""
        return self.services.live

    @live.setter
    def live(self, live: bool) -> None:
        self.services.live = live

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.services)

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
        # SIGINT too (`kill -INT`; Ctrl+C is a key here): asyncio's own handler would
        # cancel the app instead of exiting it, which skips exit() below.
        loop = asyncio.get_running_loop()
        for signum in STOP_SIGNALS:
            # Not possible off the main thread (tests) or on some platforms.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, self.exit_on_signal, signum)
        self._resume_only_while_running()

    def exit_on_signal(self, signum: int) -> None:
        """Quit at once; the supervisor ends the scenario's family even after ptop is gone.

        Before the first frame is complete (a fraction of a second) quitting would pull
        the widgets from under the main screen's start-up, so it waits for startup_done(),
        or at most STARTUP_GRACE_S.
        """
        self.stopped_by_signal = signum
        if self._started:
            self.exit(return_code=128 + signum)
        else:
            self.set_timer(STARTUP_GRACE_S, self._exit_after_signal)

    def _exit_after_signal(self) -> None:
        if self.stopped_by_signal is not None and not self._exit:
            self.exit(return_code=128 + self.stopped_by_signal)

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Quit, asking the scenario's family to end without waiting for it here.

        Waiting while the screens unmount would freeze the screen and leave signals
        unhandled for as long as the family takes (a script that ignores SIGTERM gets
        seconds); the command line waits after the terminal is restored instead (see
        wait_for_scenarios), unless a signal says to leave now.
        """
        if self._scenario_closer is None:
            closing = threading.Thread(
                target=self.runner.close, name="ptop-end-scenario", daemon=True
            )
            self._scenario_closer = closing
            closing.start()
            # close() takes the running scenario off the runner at once; wait for that,
            # so that the main screen, unmounting, finds nothing left to wait for.
            deadline = time.monotonic() + HANDOVER_S
            while (
                closing.is_alive()
                and getattr(self.runner, "current", None) is not None
                and time.monotonic() < deadline
            ):
                time.sleep(0.001)
        super().exit(result, return_code, message)

    def wait_for_scenarios(self) -> None:
        """After run(): return once the scenario's family is gone (the runner is closed)."""
        if self._scenario_closer is None:
            self.runner.close()
        else:
            self._scenario_closer.join()

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
        self._settings_ready()
        self._started = True
        self._exit_after_signal()  # one that came during start-up

    def action_help(self) -> None:
        """Open the help screen."""
        self.main_screen.action_help()

    def help_bindings(self) -> list[Binding]:
        """Every documented key of the app and main screen, for help and the palette."""
        return documented_bindings([*self.BINDINGS, *MainScreen.BINDINGS])

    def get_key_display(self, binding: Binding) -> str:
        """Keys as people write them: `F1`, `Space`, `=` (not `f1`, `space`, `equals_sign`)."""
        if binding.key_display:
            return binding.key_display
        return key_label(binding.key.split(",")[0].strip())

    def action_command_palette(self) -> None:
        """Show the command palette, its prompt in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = text("palette.placeholder", self.lang)
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, then every key of ptop by its description (from the bindings).

        Quit is Textual's own; a key that does nothing now (Stop with no scenario, Kill
        read-only) is left out, as in the footer.
        """
        for command in super().get_system_commands(screen):
            words = TEXTS[self.lang].get(f"palette.{command.title}")
            if words is not None:
                help_words = TEXTS[self.lang].get(f"palette.{command.title}.help", command.help)
                command = command._replace(title=words, help=help_words)
            yield command
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

    # -- settings (F2, ptop.toml) --------------------------------------------------

    def _init_settings(
        self,
        settings: Settings,
        settings_file: SettingsFile | None,
        saved_settings: Settings | None,
        warning: str | None,
    ) -> None:
        self.settings = self.services.settings
        """What this run starts with (the file's settings with the command line's on top)."""
        self.settings_file = settings_file
        self._saved_settings = settings if saved_settings is None else saved_settings
        self._settings_warning = warning
        self._settings_shown: Settings | None = None
        self._save_failed = False

    def _settings_ready(self) -> None:
        """Start following changes (after start-up set its own, such as a scenario's tree)."""
        self._settings_shown = self.main_screen.current_settings()
        self.theme_changed_signal.subscribe(self, lambda _: self.settings_changed())
        if self._settings_warning is not None:
            self.notify(self._settings_warning, severity="warning", timeout=10, markup=False)

    def settings_changed(self) -> None:
        """Save what the user just changed (only that: not the command line's one-run options)."""
        if self._settings_shown is None:
            return
        before, now = self._settings_shown, self.main_screen.current_settings()
        if now == before:
            return
        self._settings_shown = now
        saved = with_changes(self._saved_settings, before, now)
        if self.settings_file is None or saved == self._saved_settings:
            return
        self._saved_settings = saved
        if not self.settings_file.save(saved) and not self._save_failed:
            self._save_failed = True
            self.notify(self.settings_file.save_error or "", severity="warning", markup=False)

    def action_setup(self) -> None:
        """Open the setup screen (F2)."""
        if isinstance(self.screen, SetupScreen):
            return
        main = self.main_screen
        self.push_screen(
            SetupScreen(
                main.current_settings(),
                themes=self.available_themes,
                intervals=INTERVAL_STEPS_S,
                lang=self.lang,
                saved=self.settings_file is not None,
                on_change=main.apply_settings,
            )
        )
