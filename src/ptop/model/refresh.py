"""Provides the refresh interval's bounds and the live `+`/`-` steps between them.

The floor is htop's (its `-d 1`, a tenth of a second): sampling every process more often
costs a large share of a core and shows nothing a person can read. The ceiling is an
hour: CPU% is averaged over the interval, so a longer one shows nothing a lesson or a
person watching can use, and `ptop --once` from cron covers rare snapshots. It also
keeps the sampler's waits far below what the threading module can represent (a wait
of 1e10 s raised OverflowError).
"""

from __future__ import annotations

MIN_INTERVAL_S = 0.1
MAX_INTERVAL_S = 3600.0
INTERVAL_STEPS_S = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0)
"""What `+` and `-` step through (a start value between two steps moves to the next one)."""


def interval_in_range(seconds: float) -> bool:
    """Whether seconds is a refresh interval ptop accepts (NaN is not)."""
    return MIN_INTERVAL_S <= seconds <= MAX_INTERVAL_S


def step_interval(current: float, direction: int) -> float:
    """The interval after one `+` (direction > 0, slower) or `-` (faster) press.

    Never leaves [MIN_INTERVAL_S, MAX_INTERVAL_S]: at the last step in that direction,
    or beyond it, the interval stays (clamped into the range).
    """
    if direction > 0:
        larger = [step for step in INTERVAL_STEPS_S if step > current]
        new = larger[0] if larger else current
    else:
        smaller = [step for step in INTERVAL_STEPS_S if step < current]
        new = smaller[-1] if smaller else current
    return min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, new))
