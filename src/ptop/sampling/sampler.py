"""Provides the sampler: one Snapshot of the whole machine per call, made off the event loop.

``system_sampler()`` picks the backend: ``ProcfsSampler`` reads Linux's /proc itself (the
hot path, ~14 µs of CPU per process per tick), ``PsutilSampler`` asks psutil everywhere
else (~200 µs). Both share ``MachineSampler`` (``ptop.sampling.machine``): the shape of
one tick and the per-core CPU arithmetic.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from typing import TYPE_CHECKING, Protocol

from ptop.model.snapshot import Snapshot

if TYPE_CHECKING:
    from ptop.sampling.machine import MachineSampler


class Sampler(Protocol):
    """What the UI and ``--once`` need from a sampler (a backend here, or a replay)."""

    def sample(self, detail_pids: Collection[int] = ()) -> Snapshot:
        """Return one snapshot; threads are read for detail_pids."""
        ...


def system_sampler(*, use_procfs: bool | None = None) -> MachineSampler:
    """The sampler for this machine: /proc where it exists (or when asked), else psutil."""
    from ptop.sampling import procfs

    if use_procfs is None:
        use_procfs = procfs.is_available()
    if use_procfs:
        from ptop.sampling.procfs_sampler import ProcfsSampler

        return ProcfsSampler()
    from ptop.sampling.psutil_sampler import PsutilSampler

    return PsutilSampler()


def platform_note() -> str | None:
    """Return a one-line note when this platform shows less than Linux does."""
    if sys.platform.startswith("linux"):
        return None
    return f"{sys.platform}: thread names, states, cores and context switches need Linux /proc"
