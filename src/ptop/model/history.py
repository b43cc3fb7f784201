"""Provides MetricHistory: bounded recent values for the meters' sparklines."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence


class MetricHistory:
    """The last few values of several series (one per core), oldest first."""

    def __init__(self, length: int = 30) -> None:
        self.length = length
        self._series: list[deque[float]] = []

    def push(self, values: Sequence[float | None]) -> None:
        """Append one value per series; unknown values count as 0 for drawing."""
        if len(self._series) != len(values):
            self._series = [deque(maxlen=self.length) for _ in values]
        for series, value in zip(self._series, values, strict=True):
            series.append(0.0 if value is None else value)

    def series(self, index: int) -> tuple[float, ...]:
        """Return the recorded values of one series, oldest first."""
        if index >= len(self._series):
            return ()
        return tuple(self._series[index])

    def __len__(self) -> int:
        return len(self._series)
