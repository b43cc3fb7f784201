"""The sampler against real processes that the tests start (and always reap)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from ptop.sampling.sampler import system_sampler

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux /proc"),
]

NAMED_THREADS = """
import ctypes, ctypes.util, sys, threading, time
libc = ctypes.CDLL(ctypes.util.find_library("c"))
def run(name):
    libc.prctl(15, name.encode(), 0, 0, 0)   # PR_SET_NAME
    time.sleep(30)
for i in range(5):
    threading.Thread(target=run, args=(f"named-{i}",), daemon=True).start()
print("ready", flush=True)
time.sleep(30)
"""

SPIN = "import time\nend = time.monotonic() + 30\nwhile time.monotonic() < end: pass\n"


@pytest.fixture
def spawn():
    started: list[subprocess.Popen[str]] = []

    def start(code: str, wait_ready: bool = False) -> subprocess.Popen[str]:
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        started.append(child)
        if wait_ready:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        return child

    yield start
    for child in started:
        child.kill()
        child.wait(timeout=10)
        if child.stdout:
            child.stdout.close()


def test_spawned_child_appears_with_its_fields(spawn):
    child = spawn("import time; time.sleep(30)")
    snap = system_sampler().sample()
    sample = snap.process(child.pid)
    assert sample is not None
    assert sample.ppid == os.getpid()
    assert sample.cmdline[0] == sys.executable
    assert sample.cpu_percent is None  # first sight: unknown, never 0.0
    assert sample.rss_bytes
    assert sample.rss_bytes > 0
    assert snap.process(os.getpid()) is not None


def test_threads_of_a_child_carry_their_os_names(spawn):
    child = spawn(NAMED_THREADS, wait_ready=True)
    sampler = system_sampler()
    sampler.sample([child.pid])
    time.sleep(0.2)
    snap = sampler.sample([child.pid])
    threads = snap.threads_for(child.pid)
    assert threads is not None
    assert len(threads) == 6
    names = sorted(t.name for t in threads)
    assert names[:5] == [f"named-{i}" for i in range(5)]
    assert all(t.status == "S" for t in threads)
    assert all(t.voluntary_ctx_switches is not None for t in threads)
    assert all(t.last_cpu is not None and 0 <= t.last_cpu < (os.cpu_count() or 1) for t in threads)
    assert snap.process(child.pid).num_threads == 6


def test_child_exiting_between_samples_is_no_error(spawn):
    child = spawn("import time; time.sleep(0.3)")
    sampler = system_sampler()
    first = sampler.sample([child.pid])
    assert first.process(child.pid) is not None
    child.wait(timeout=10)
    second = sampler.sample([child.pid])
    assert second.process(child.pid) is None
    assert second.threads_for(child.pid) is None


def own_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used, read straight from the kernel."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def test_spinning_child_cpu_percent_is_its_own_cpu_time_over_the_window(spawn):
    # The reference is the child's own CPU time over the sampler's window, read just
    # before and after each sample, so a busy machine that steals the core from the child
    # changes both sides alike: no wall-clock expectation of how much CPU it gets.
    child = spawn(SPIN)
    sampler = system_sampler()
    before_first = own_cpu_s(child.pid)
    sampler.sample()
    after_first = own_cpu_s(child.pid)
    # Wait until the child has run for a while (long on a loaded machine), so that
    # clock-tick rounding (10 ms) is small next to what is measured.
    deadline = time.monotonic() + 20  # the child spins for 30 s
    while own_cpu_s(child.pid) - after_first < 0.5 and time.monotonic() < deadline:
        time.sleep(0.1)
    before_second = own_cpu_s(child.pid)
    snap = sampler.sample()
    after_second = own_cpu_s(child.pid)
    sample = snap.process(child.pid)
    assert sample is not None
    assert sample.cpu_percent is not None
    assert snap.interval_s
    low = (before_second - after_first) / snap.interval_s * 100
    high = (after_second - before_first) / snap.interval_s * 100
    assert low > 1.0, "the child did not run at all"
    assert 0.85 * low - 1.0 <= sample.cpu_percent <= 1.15 * high + 1.0, (low, high)
    assert sample.cpu_percent <= 110.0  # one thread can never use more than one core


def test_psutil_fallback_produces_the_same_processes(spawn):
    child = spawn("import time; time.sleep(30)")
    procfs_snap = system_sampler().sample()
    psutil_snap = system_sampler(use_procfs=False).sample([child.pid])
    a, b = procfs_snap.process(child.pid), psutil_snap.process(child.pid)
    assert a is not None
    assert b is not None
    assert a.key[0] == b.key[0]
    assert abs(a.create_time - b.create_time) < 0.05
    assert (a.ppid, a.name, a.cmdline) == (b.ppid, b.name, b.cmdline)
    assert psutil_snap.threads_for(child.pid)


def test_machine_totals_are_sane():
    sampler = system_sampler()
    first = sampler.sample()
    assert all(v is None for v in first.cpu.per_core_percent)
    time.sleep(0.2)
    second = sampler.sample()
    assert len(second.cpu.per_core_percent) == (os.cpu_count() or 1)
    assert all(v is not None and 0 <= v <= 100 for v in second.cpu.per_core_percent)
    assert 0 < second.memory.used_bytes < second.memory.total_bytes
    assert second.interval_s
    assert second.interval_s > 0
    assert second.self_cpu_percent is not None


def test_escape_codes_in_a_name_or_command_line_arrive_as_text():
    hostile = Path(__file__).parents[1] / "data" / "launcher" / "hostile.py"
    child = subprocess.Popen(
        [sys.executable, str(hostile), "arg\x1b[42mGREEN"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        while child.stdout.readline().strip() != "ready":
            pass
        for sampler in (system_sampler(), system_sampler(use_procfs=False)):
            sample = sampler.sample([child.pid]).process(child.pid)
            assert sample is not None
            assert sample.name.startswith("?]2;PWNED")
            assert sample.cmdline[-1] == "arg?[42mGREEN"
            assert all(part.isprintable() for part in (sample.name, *sample.cmdline))
        threads = system_sampler().sample([child.pid]).threads_for(child.pid)
        assert threads is not None
        assert [t.name for t in threads] == [sample.name]
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
