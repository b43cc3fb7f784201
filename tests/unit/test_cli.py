import json
import os
import subprocess
import sys

import pytest

PTOP = [sys.executable, "-m", "ptop"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PTOP, *args], capture_output=True, text=True, timeout=60)


def test_once_json_parses_and_contains_this_test_process():
    result = run("--once", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    pids = {p["pid"] for p in data["processes"]}
    assert os.getpid() in pids
    me = next(p for p in data["processes"] if p["pid"] == os.getpid())
    for field in (
        "ppid",
        "username",
        "status",
        "nice",
        "num_threads",
        "cpu_percent",
        "memory_percent",
        "rss_bytes",
        "cpu_time_s",
        "cmdline",
        "create_time",
    ):
        assert field in me
    assert len(data["cpu"]["per_core_percent"]) == os.cpu_count()
    assert data["memory"]["total_bytes"] > 0


def test_once_plain_prints_a_table():
    result = run("--once")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split()[:2] == ["PID", "PPID"]


@pytest.mark.parametrize(
    "args",
    [
        ["--interval", "0"],
        ["--interval", "-1"],
        ["--interval", "abc"],
        ["--interval", "nan"],
        ["--no-such-option"],
        ["--json"],
        ["stray-argument"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ptop: error:"), result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help():
    assert run("--version").stdout.startswith("ptop ")
    help_text = run("--help").stdout
    assert "--interval" in help_text
    assert "--readonly" in help_text


def test_list_scenarios_names_every_shipped_scenario_without_textual():
    code = (
        "import sys, io; sys.stdout = io.StringIO(); from ptop.cli import main; "
        "rc = main(['--list-scenarios']); out = sys.stdout.getvalue(); "
        "sys.stdout = sys.__stdout__; print(rc, 'textual' in sys.modules); print(out)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    first, *listing = result.stdout.splitlines()
    assert first == "0 False"
    names = [line.split()[0] for line in listing if line.strip()]
    assert {"fork", "pool", "gil", "counter", "deadlock", "distributed"} <= set(names)


def test_unknown_scenario_exits_2_listing_valid_names():
    result = run("--scenario", "no-such-lesson")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no-such-lesson" in result.stderr
    assert "pool" in result.stderr


@pytest.mark.parametrize("path", ["/no/such/script.py", "/etc"])
def test_run_with_a_missing_or_unreadable_script_exits_2(path):
    result = run("--run", path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_serve_without_textual_serve_is_a_one_line_error():
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("textual-serve is installed here")
    result = run("--serve", "--port", "8765")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "ptop: error: --serve needs textual-serve: pip install 'ptop-lab[serve]'"
    )
