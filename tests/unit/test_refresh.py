"""The refresh interval stays between htop's floor and an hour, on the command line and live."""

from __future__ import annotations

import math

import pytest

from ptop.model.refresh import (
    INTERVAL_STEPS_S,
    MAX_INTERVAL_S,
    MIN_INTERVAL_S,
    interval_in_range,
    step_interval,
)


def test_the_bounds_are_htops_floor_and_an_hour():
    assert MIN_INTERVAL_S == 0.1
    assert MAX_INTERVAL_S == 3600.0
    assert all(interval_in_range(step) for step in INTERVAL_STEPS_S)


@pytest.mark.parametrize("seconds", [0.0, 0.001, 0.099, 3600.5, 1e10, math.inf, math.nan, -1.0])
def test_out_of_range_intervals_are_refused(seconds):
    assert not interval_in_range(seconds)


def test_minus_stops_at_the_floor_and_plus_at_the_last_step():
    current = 1.0
    for _ in range(20):
        current = step_interval(current, -1)
    assert current == MIN_INTERVAL_S
    for _ in range(20):
        current = step_interval(current, +1)
    assert current == INTERVAL_STEPS_S[-1]


@pytest.mark.parametrize(
    ("start", "direction", "expected"),
    [
        (1.0, +1, 2.0),
        (1.0, -1, 0.5),
        (0.15, -1, 0.1),  # a command-line value between steps moves to the next one
        (0.15, +1, 0.25),
        (0.1, -1, 0.1),  # the floor stays
        (3600.0, +1, 3600.0),  # so does the ceiling
        (3600.0, -1, 60.0),
    ],
)
def test_steps(start, direction, expected):
    assert step_interval(start, direction) == expected
