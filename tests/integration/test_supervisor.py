"""The supervisor process and the sitecustomize that names a scenario's threads and processes."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import psutil
import pytest

from ptop.launcher.runner import OutputLine, ScenarioRunner
from ptop.launcher.supervisor import SITECUSTOMIZE_DIR

DATA = Path(__file__).parents[1] / "data" / "launcher"
THREAD_NAMES_SCRIPT = DATA / "thread_names.py"
SUPERVISOR = Path(__file__).parents[2] / "src" / "ptop" / "launcher" / "supervisor.py"
TIMEOUT_S = 30.0
ON_LINUX = sys.platform.startswith("linux")


def load_sitecustomize() -> ModuleType:
    """Import our sitecustomize under another name, which installs no hooks in pytest."""
    path = Path(SITECUSTOMIZE_DIR) / "sitecustomize.py"
    spec = importlib.util.spec_from_file_location("ptop_sitecustomize_under_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sitecustomize = load_sitecustomize()


def interpreter_version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return int(out[0]), int(out[1])


def naming_interpreters() -> list[object]:
    """Return this interpreter plus other 3.11-3.13 ones, as pytest params.

    Others come from python3.12/python3.13 on PATH and from $PTOP_TEST_PYTHONS
    (paths separated by os.pathsep), e.g. pyenv's real binaries.
    """
    candidates = [shutil.which("python3.12"), shutil.which("python3.13")]
    candidates += os.environ.get("PTOP_TEST_PYTHONS", "").split(os.pathsep)
    found = {sys.version_info[:2]: sys.executable}
    for python in filter(None, candidates):
        version = interpreter_version(python)
        if version and (3, 11) <= version < (3, 14) and version not in found:
            found[version] = python
    return [
        pytest.param(python, id=f"py{major}.{minor}") for (major, minor), python in found.items()
    ]


def wait_for(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def comm(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read().rstrip("\n")
    except OSError:
        return None


def comm_cut(name: str) -> str:
    """What Linux keeps of a name: 15 bytes, never half a character."""
    data = name.encode()[:15]
    while True:
        try:
            return data.decode()
        except UnicodeDecodeError:
            data = data[:-1]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("LoopThread", "LoopThread"),
        ("生产者线程", "生产者线程"),  # exactly 15 bytes
        ("一个很长的线程名字", "一个很长的"),  # 27 bytes, cut after 5 characters
        ("ThreadWithAVeryLongName", "ThreadWithAVery"),
        ("ab中", "ab中"),
        ("abcdefghijklm中", "abcdefghijklm"),  # 16 bytes: the 3-byte character does not fit
    ],
)
def test_names_are_cut_to_15_bytes_at_a_character_boundary(name: str, expected: str) -> None:
    assert sitecustomize.cut_to_comm(name) == expected.encode()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ForkPoolWorker-3", "PoolWorker-3"),
        ("SpawnPoolWorker-12", "PoolWorker-12"),
        ("ForkServerPoolWorker-7", "PoolWorker-7"),
        ("SyncManager-1", "SyncManager-1"),
        ("Process-1:2", "Process-1:2"),
        ("AVeryLongProcessName-42", "AVeryLongPro-42"),
        ("NoNumberButVeryLongName", "NoNumberButVeryLongName"),  # cut later, like a thread
    ],
)
def test_process_names_keep_their_number(name: str, expected: str) -> None:
    assert sitecustomize.short_process_name(name) == expected


def expected_process_name(name: str) -> str:
    return comm_cut(re.sub(r"^(Fork|Spawn|ForkServer)PoolWorker-", "PoolWorker-", name))


@pytest.mark.slow
@pytest.mark.posix
@pytest.mark.skipif(not ON_LINUX, reason="names live in /proc/PID/task/TID/comm")
@pytest.mark.skipif(sys.version_info >= (3, 14), reason="Python 3.14 names OS threads itself")
@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
@pytest.mark.parametrize("python", naming_interpreters())
def test_os_names_match_python_names(tmp_path: Path, python: str, method: str) -> None:
    info_file = tmp_path / "info.json"
    lines: list[OutputLine] = []
    runner = ScenarioRunner(python=python)
    try:
        running = runner.start(
            THREAD_NAMES_SCRIPT,
            [str(info_file), method],
            on_line=lines.append,
            on_exit=lambda code: None,
        )
        assert wait_for(info_file.exists), f"the script never got ready: {lines}"
        info = json.loads(info_file.read_text())
        assert info["pid"] == running.pid
        expected: dict[str, str] = {}
        for name, tid in info["tids"].items():
            expected[f"/proc/{running.pid}/task/{tid}/comm"] = comm_cut(name)
        for pid, name in info["children"]:
            expected[f"/proc/{pid}/comm"] = expected_process_name(name)
        assert len(info["children"]) == 3  # Worker-1 and two pool workers

        def names_match() -> bool:
            return all(comm(path) == name for path, name in expected.items())

        assert wait_for(names_match), {path: comm(path) for path in expected}
        helpers = {child.name() for child in psutil.Process(running.pid).children()}
        if method in ("spawn", "forkserver"):
            assert "mp-resource-trk" in helpers
        if method == "forkserver":
            assert "mp-forkserver" in helpers
    finally:
        runner.close()


@pytest.mark.slow
@pytest.mark.posix
@pytest.mark.skipif(not ON_LINUX, reason="names live in /proc/PID/task/TID/comm")
@pytest.mark.skipif(sys.version_info >= (3, 14), reason="Python 3.14 names OS threads itself")
def test_without_sitecustomize_threads_keep_the_interpreter_name(tmp_path: Path) -> None:
    info_file = tmp_path / "info.json"
    runner = ScenarioRunner(name_os_threads=False)
    try:
        running = runner.start(
            THREAD_NAMES_SCRIPT,
            [str(info_file), "fork"],
            on_line=lambda line: None,
            on_exit=lambda code: None,
        )
        assert wait_for(info_file.exists)
        tids = json.loads(info_file.read_text())["tids"]
        main_name = comm(f"/proc/{running.pid}/comm")
        for tid in tids.values():
            assert comm(f"/proc/{running.pid}/task/{tid}/comm") == main_name
    finally:
        runner.close()


NAMED_THREAD_SCRIPT = """\
import threading
def comm():
    with open("/proc/thread-self/comm") as stream:
        return stream.read().strip()
def show():
    print("thread comm:", comm())
    threading.current_thread().name = "Renamed"
    print("renamed comm:", comm())
thread = threading.Thread(target=show, name="Named")
thread.start()
thread.join()
"""


@pytest.mark.slow
@pytest.mark.posix
@pytest.mark.skipif(not ON_LINUX, reason="names live in /proc/PID/task/TID/comm")
def test_a_users_own_sitecustomize_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_dir = tmp_path / "user"
    user_dir.mkdir()
    (user_dir / "sitecustomize.py").write_text(
        "import sys\nsys.stderr.write('user sitecustomize ran\\n')\n"
    )
    script = tmp_path / "named_thread.py"
    script.write_text(NAMED_THREAD_SCRIPT)
    monkeypatch.setenv("PYTHONPATH", str(user_dir))
    lines: list[OutputLine] = []
    done = threading.Event()
    runner = ScenarioRunner()
    try:
        runner.start(script, on_line=lines.append, on_exit=lambda code: done.set())
        assert done.wait(TIMEOUT_S)
    finally:
        runner.close()
    texts = [(line.stream, line.text) for line in lines]
    assert ("stderr", "user sitecustomize ran") in texts
    assert ("stdout", "thread comm: Named") in texts
    assert ("stdout", "renamed comm: Renamed") in texts  # as Python 3.14 does


@pytest.mark.posix
def test_supervisor_refuses_a_bad_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-I", "-S", str(SUPERVISOR), "--parent-pid"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("usage: supervisor.py")


@pytest.mark.posix
def test_supervisor_starts_nothing_when_its_parent_is_not_the_expected_one(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "ran"
    script = tmp_path / "touch.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    status_r, status_w = os.pipe()
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-I",
                "-S",
                str(SUPERVISOR),
                "--parent-pid",
                "1",
                "--status-fd",
                str(status_w),
                "--",
                str(script),
            ],
            pass_fds=(status_w,),
            timeout=30,
            check=False,
        )
    finally:
        os.close(status_w)
        os.close(status_r)
    assert result.returncode == 1
    assert not marker.exists()
