"""Provides CPU percentages computed from two consecutive samples and the time between them."""

from __future__ import annotations

from collections.abc import Sequence


def cpu_percent(
    previous_cpu_s: float | None, current_cpu_s: float | None, elapsed_s: float | None
) -> float | None:
    """Return CPU use over an interval, where 100.0 is one core busy the whole time.

    The first sample of anything has no previous value, so its rate is unknown (None),
    never 0.0: a process seen for the first time may well be spinning.

    Args:
        previous_cpu_s: CPU seconds at the previous tick, or None if not seen then.
        current_cpu_s: CPU seconds now.
        elapsed_s: monotonic seconds between the two ticks.
    """
    if previous_cpu_s is None or current_cpu_s is None or not elapsed_s or elapsed_s <= 0:
        return None
    delta = current_cpu_s - previous_cpu_s
    if delta < 0:  # counter went backwards: not the same process, or a kernel quirk
        return None
    return delta / elapsed_s * 100.0


def core_busy_percent(previous: Sequence[float] | None, current: Sequence[float]) -> float | None:
    """Return how busy one core was between two readings of its time counters.

    Args:
        previous: the core's (busy_s, total_s) at the previous tick, or None.
        current: the core's (busy_s, total_s) now.
    """
    if previous is None:
        return None
    busy = current[0] - previous[0]
    total = current[1] - previous[1]
    if total <= 0:
        return None
    return max(0.0, min(100.0, busy / total * 100.0))
