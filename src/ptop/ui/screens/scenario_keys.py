"""Provides ScenarioKeys: the main screen's side of its ScenarioController.

The controller's messages (output waiting, the family gone) arrive here on the event
loop, the list's pick starts a scenario, and x, D and v act on the running one. The
controller runs its blocking work through in_thread and from_thread (ScenarioHooks).
"""

from __future__ import annotations

from collections.abc import Callable

from ptop.ui.messages import ScenarioExited, ScenarioOutputReady
from ptop.ui.screens.main_parts import MainScreenParts
from ptop.ui.widgets.scenario_panel import ScenarioPanel


class ScenarioKeys(MainScreenParts):
    """Scenario messages in, x (stop), D (stacks) and v (lesson lines) out."""

    def on_scenario_panel_start_requested(self, message: ScenarioPanel.StartRequested) -> None:
        """Run the scenario picked in the list."""
        message.stop()
        self.scenarios.start(message.info)

    def on_scenario_output_ready(self, message: ScenarioOutputReady) -> None:
        message.stop()
        self.scenarios.output_ready()

    def on_scenario_exited(self, message: ScenarioExited) -> None:
        message.stop()
        self.scenarios.exited(message.run_id, message.returncode)

    def in_thread(self, work: Callable[[], None], group: str) -> None:
        """Run the controller's blocking work in a worker thread."""
        self.run_worker(work, thread=True, group=group)

    def from_thread(self, call: Callable[[], None]) -> None:
        """Run call on the event loop (from a worker thread)."""
        self.app.call_from_thread(call)

    def action_stop_scenario(self) -> None:
        """End the running scenario and everything it started."""
        self.scenarios.stop()

    def action_dump_stacks(self) -> None:
        """Show the running scenario's Python stacks in its log."""
        self.scenarios.dump_stacks()

    def action_toggle_lesson_lines(self) -> None:
        """Show or hide the `[lesson]` lines (printed for the lesson panel) in the log."""
        self.side.toggle_machine_lines()
