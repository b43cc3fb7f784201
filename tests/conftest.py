"""Shared fixtures: every test is checked for processes it left behind."""

from __future__ import annotations

import contextlib
import os

import psutil
import pytest


def _descendants() -> dict[tuple[int, float], psutil.Process]:
    found: dict[tuple[int, float], psutil.Process] = {}
    try:
        children = psutil.Process(os.getpid()).children(recursive=True)
    except psutil.Error:
        return found
    for child in children:
        try:
            found[(child.pid, child.create_time())] = child
        except psutil.Error:
            continue
    return found


def reap(processes: list[psutil.Process], timeout_s: float = 3.0) -> None:
    """Terminate, then kill, the given processes; only ever ones this test run started."""
    for proc in processes:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
    _, alive = psutil.wait_procs(processes, timeout=timeout_s)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(alive, timeout=timeout_s)


@pytest.fixture(autouse=True)
def _own_config_dir(tmp_path_factory, monkeypatch):
    """Never read or write the developer's real ptop.toml: every test gets an empty config dir."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("PTOP_CONFIG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _no_leftover_processes():
    """Fail a test that leaves child processes running, after reaping them."""
    before = set(_descendants())
    yield
    leftover = {key: p for key, p in _descendants().items() if key not in before}
    if not leftover:
        return
    # Give processes that are already exiting a moment to be reaped.
    _, alive = psutil.wait_procs(list(leftover.values()), timeout=1.0)
    if alive:
        described = []
        for proc in alive:
            try:
                described.append(f"{proc.pid} {' '.join(proc.cmdline())[:80]}")
            except psutil.Error:
                described.append(str(proc.pid))
        reap(alive)
        pytest.fail("test left processes running: " + "; ".join(described))
