"""ScenarioController without Textual: a fake runner, view and hooks, and a fake signaller."""

from __future__ import annotations

import signal
from pathlib import Path

from ptop.launcher.catalog import ScenarioInfo
from ptop.launcher.runner import RunningScenario
from ptop.sampling.control import SignalResult
from ptop.scenario_controller import ScenarioController
from tests.factories import classroom, snapshot

POOL = ScenarioInfo(
    name="pool",
    path=Path("/scenarios/pool.py"),
    order=1,
    title="Pool",
    teaches="",
    watch_for="",
    run="",
    sample_output="",
    title_zh=None,
    teaches_zh=None,
    watch_for_zh=None,
)


class Runner:
    def __init__(self) -> None:
        self.on_exit = None
        self.stops = 0

    def start(self, script, args=(), *, on_line, on_exit, on_started=None):
        self.on_exit = on_exit
        return RunningScenario(Path(script), tuple(args), 500, 1500.0, 499, 0.0)

    def stop(self, timeout_s: float = 5.0):
        self.stops += 1
        return -15

    def close(self) -> None:
        pass


class Everything:
    """The view and the hooks at once: records every call by name."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[object, ...]]] = []

    def __getattr__(self, name):
        def record(*args, **kwargs):
            self.calls.append((name, args))
            if name in ("in_thread", "from_thread"):
                args[0]()  # run the work at once

        return record

    def named(self, name: str) -> list[tuple[object, ...]]:
        return [args for called, args in self.calls if called == name]


def controller():
    sent = []

    def signaller(key, signum):
        sent.append((key, signum))
        return SignalResult(True, "sent")

    exits = []
    ui = Everything()
    runner = Runner()
    control = ScenarioController(
        runner,
        signaller,
        ui,
        ui,
        on_output=lambda: None,
        on_exit=lambda run_id, code: exits.append((run_id, code)),
        find_py_spy=lambda: None,
    )
    return control, ui, runner, sent, exits


def test_stacks_without_py_spy_go_through_the_signaller_only():
    control, ui, _, sent, _ = controller()
    control.dump_stacks()
    assert sent == []  # nothing runs: nothing to signal
    assert ui.named("warn")
    assert control.start(POOL)
    assert ui.named("scenario_started") == [(500,)]
    control.dump_stacks()
    assert sent == [((500, 1500.0), signal.SIGUSR1)]
    assert any("SIGUSR1" in str(args[0]) for args in ui.named("note"))


def test_a_tick_measures_the_family_and_the_exit_ends_it():
    control, ui, runner, _, exits = controller()
    control.start(POOL)
    control.update_snapshot(snapshot(classroom()))
    assert control.family_pids() == {500, 501, 502, 503}
    control.stop()  # off the event loop, through the hooks
    assert runner.stops == 1
    runner.on_exit(-15)
    control.exited(*exits[-1])
    assert ui.named("scenario_ended") == [()]
    assert not control.running
    assert control.family_pids() == set()
