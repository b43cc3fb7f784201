"""The real command line at its edges: no terminal, closed streams, ascii, --serve's address."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time

import pytest

from ptop.launcher.catalog import load_catalog

pytestmark = [pytest.mark.slow, pytest.mark.posix]

PTOP = [sys.executable, "-m", "ptop"]


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ptop: error: ")
    return lines[0]


def sh(command: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    ptop = shlex.join(PTOP)
    return subprocess.run(
        ["bash", "-c", "set -o pipefail; " + command.replace("ptop", ptop, 1)],
        capture_output=True,
        text=True,
        timeout=30,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "command",
    [
        "ptop </dev/null | head -c 100 >/dev/null",  # used to spin a core for ever
        "ptop --scenario pool </dev/null",
        "ptop <&-",
    ],
)
def test_without_a_terminal_the_tui_refuses_in_one_line(command):
    line = one_error_line(sh(command))
    assert "--once" in line


@pytest.mark.parametrize("command", ["ptop --once >&-", "ptop --list-scenarios >&-"])
def test_a_closed_stdout_is_one_line_not_a_traceback(command):
    one_error_line(sh(command))


def test_ascii_output_with_a_non_ascii_process_name():
    name = "进程-ünï"
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", name])
    try:
        env = {**os.environ, "PYTHONIOENCODING": "ascii"}
        table = subprocess.run(
            [*PTOP, "--once"], capture_output=True, text=True, timeout=60, env=env
        )
        assert table.returncode == 0, table.stderr
        assert "Traceback" not in table.stderr
        row = next(line for line in table.stdout.splitlines() if line.split()[0] == str(child.pid))
        assert row.endswith("time.sleep(60) ??-?n?")  # like ps: ? for what ascii lacks
        data = subprocess.run([*PTOP, "--once", "--json"], capture_output=True, timeout=60, env=env)
        assert data.returncode == 0, data.stderr
        assert data.stdout.isascii()
        me = next(p for p in json.loads(data.stdout)["processes"] if p["pid"] == child.pid)
        assert me["cmdline"][-1] == name  # JSON keeps the real name, escaped
    finally:
        child.kill()
        child.wait()


def test_serve_port_0_prints_the_real_port_and_a_busy_port_is_one_line():
    pytest.importorskip("textual_serve")
    server = subprocess.Popen(
        [*PTOP, "--serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        port = None
        deadline = time.monotonic() + 30
        seen = ""
        while port is None and time.monotonic() < deadline:
            line = server.stdout.readline()  # type: ignore[union-attr]
            seen += line
            if match := re.search(r"http://127\.0\.0\.1:(\d+)", line):
                port = int(match.group(1))
        assert port, seen
        assert port != 0
        deadline = time.monotonic() + 30  # the banner comes just before the server listens
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=10):
                    break  # it really listens there
            except ConnectionRefusedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        busy = subprocess.run(
            [*PTOP, "--serve", "--port", str(port)], capture_output=True, text=True, timeout=30
        )
        assert "in use" in one_error_line(busy)
        assert busy.stdout == ""  # no banner before the error
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def served_child_output(args: list[str]) -> bytes:
    """Run a served tab's command the way textual-serve does (app_service.py): pipes, its
    web driver, the browser's size in COLUMNS/ROWS; return what it drew in a few seconds."""
    env = {
        **os.environ,
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "COLUMNS": "160",
        "ROWS": "50",
    }
    child = subprocess.Popen(
        [*PTOP, "--readonly", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    output = b""
    try:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and len(output) < 150_000:
            import select

            ready, _, _ = select.select([child.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(child.stdout.fileno(), 65536)  # type: ignore[union-attr]
                if not chunk:
                    break
                output += chunk
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=20)
    return output


def test_a_served_tab_honours_lang():
    pytest.importorskip("textual_serve")
    fork = next(info for info in load_catalog() if info.name == "fork")
    assert fork.title_zh
    marker = re.findall(r"[\u4e00-\u9fff]+", fork.title_zh)[0].encode()
    assert marker in served_child_output(["--no-config", "--lang", "zh"])
    assert marker not in served_child_output(["--no-config", "--lang", "en"])
