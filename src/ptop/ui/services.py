"""Provides ScreenServices: what the main screen works with, handed to it by whoever builds it.

PtopApp builds one from its arguments (tests pass fakes there); the screen never reaches
back into the app for them, so ptop.app may import the screen and not the other way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ptop.launcher.catalog import ScenarioInfo
from ptop.model.settings import Settings
from ptop.model.snapshot import Snapshot
from ptop.scenario_controller import Signaller
from ptop.scenario_feed import RunnerLike


class SamplerLike(Protocol):
    """What the screen needs from a sampler (a machine sampler, ReplaySampler)."""

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        """Return one snapshot; threads are read for detail_pids."""
        ...


def _nothing() -> None:
    return None


@dataclass(eq=False)
class ScreenServices:
    """The main screen's services, and the two settings it changes as the user asks."""

    sampler: SamplerLike
    runner: RunnerLike
    signaller: Signaller
    catalog: Sequence[ScenarioInfo]
    settings: Settings
    """What this run starts with."""
    lang: str
    """Language of ptop's texts now (`L` and setup change it)."""
    interval_s: float
    """Seconds between samples now (`+`/`-` and setup change it)."""
    live: bool = True
    """Sample in a background thread; False samples once (tests drive ticks)."""
    readonly: bool = False
    initial_scenario: tuple[ScenarioInfo, tuple[str, ...]] | None = None
    only_pids: frozenset[int] | None = None
    only_user: str | None = None
    settings_changed: Callable[[], None] = field(default=_nothing)
    """Called after the user changed a setting (the app saves it)."""
    startup_done: Callable[[], None] = field(default=_nothing)
    """Called once the first frame is on screen and sampling runs."""
