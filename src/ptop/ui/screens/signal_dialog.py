"""Provides SignalDialog: pick a signal for one process, then confirm it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ptop.model.i18n import TEXTS, text
from ptop.model.snapshot import ProcessSample


class SignalDialog(ModalScreen[int | None]):
    """Returns the chosen signal number after confirmation, or None when cancelled."""

    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel"),
        Binding("y", "confirm", "Yes", show=False),
        Binding("n", "cancel", "No", show=False),
    ]
    DEFAULT_CSS = """
    SignalDialog { align: center middle; }
    SignalDialog > Vertical {
        width: 64; height: auto; max-height: 90%; border: thick $error; background: $surface;
        padding: 0 1;
    }
    SignalDialog OptionList { height: auto; max-height: 12; }
    SignalDialog #confirm-row { height: auto; display: none; }
    SignalDialog.-confirming #confirm-row { display: block; }
    SignalDialog.-confirming OptionList { display: none; }
    SignalDialog Button { margin: 0 1; }
    """

    def __init__(
        self, process: ProcessSample, signals: tuple[tuple[str, int, str], ...], lang: str = "en"
    ) -> None:
        super().__init__()
        self._process = process
        self._signals = signals
        self._chosen: int | None = None
        self._lang = lang

    def compose(self) -> ComposeResult:
        proc = self._process
        with Vertical():
            yield Static(
                Text.assemble(
                    (text("dialog.signal-title", self._lang), "bold"),
                    (f"pid {proc.pid} ", "bold"),
                    proc.name,
                )
            )
            yield Static(Text(proc.command[:200], style="dim"))
            yield OptionList(
                *[
                    Option(
                        Text(f"{name:<5} {TEXTS[self._lang].get(f'signal.{name}', meaning)}"),
                        id=name,
                    )
                    for name, _, meaning in self._signals
                ],
                id="signals",
            )
            yield Static("", id="question")
            with Horizontal(id="confirm-row"):
                yield Button(text("dialog.send", self._lang), variant="error", id="yes")
                yield Button(text("dialog.cancel", self._lang), id="no")

    @on(OptionList.OptionSelected, "#signals")
    def _signal_chosen(self, event: OptionList.OptionSelected) -> None:
        """Ask for confirmation of the chosen signal."""
        for name, number, _ in self._signals:
            if name == event.option.id:
                self._chosen = number
                self.query_one("#question", Static).update(
                    Text(
                        text(
                            "dialog.confirm",
                            self._lang,
                            signal=name,
                            pid=self._process.pid,
                            name=self._process.name,
                        ),
                        style="bold",
                    )
                )
        self.add_class("-confirming")
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_confirm(self) -> None:
        """Send the chosen signal (only once one is chosen)."""
        if self._chosen is not None:
            self.dismiss(self._chosen)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        """Close without sending anything."""
        self.dismiss(None)
