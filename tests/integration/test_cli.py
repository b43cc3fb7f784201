import gc
import json
import os
import shlex
import ssl  # noqa: F401  loaded before cli.main(), which blocks ssl only when it is not
import subprocess
import sys
from pathlib import Path

import pytest

from ptop import cli

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
        # the interval's range: htop's floor, an hour's ceiling (1e10 overflowed a wait)
        ["--interval", "1e10"],
        ["--interval", "3601"],
        ["--interval", "0.001"],
        ["-d", "0.09"],
        ["--interval", "inf"],
        # ports and addresses
        ["--serve", "--port", "99999"],
        ["--serve", "--port", "-1"],
        ["--serve", "--port", "http"],
        ["--serve", "--host", "no-such-host.invalid", "--port", "0"],
        # options the chosen mode would silently ignore
        ["--host", "0.0.0.0"],
        ["--port", "8001"],
        ["--once", "--scenario", "pool"],
        ["--once", "--run", "script.py"],
        ["--once", "--serve"],
        ["--once", "--list-scenarios"],
        ["--serve", "--run", "script.py"],
        ["--serve", "--list-scenarios"],
        ["--serve", "--scenario", "no-such-lesson"],
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
    help_text = " ".join(run("--help").stdout.split())
    assert "--interval" in help_text
    assert "--readonly" in help_text
    # -d is in seconds, as in top; htop's -d counts tenths
    assert "seconds (not tenths, unlike htop's -d)" in help_text
    # --serve says what an open address means: there is no login yet
    assert "no login yet" in help_text


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


@pytest.mark.parametrize(("lang", "pool_title"), [("en", "Pool: "), ("zh", "Pool：")])
def test_list_scenarios_speaks_the_language(lang, pool_title, monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    result = run("--list-scenarios", "--lang", lang)
    assert result.returncode == 0, result.stderr
    pool = next(line for line in result.stdout.splitlines() if line.startswith("pool "))
    assert pool.split(None, 1)[1].startswith(pool_title), pool
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the locale decides without --lang
    listing = run("--list-scenarios").stdout
    assert "进程" in listing


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


# -- in-process: what the command line hands to the app and to textual-serve ---------

DEAF = Path(__file__).parents[1] / "data" / "launcher" / "deaf.py"
REAL_CHECK_TERMINAL = getattr(cli, "_check_terminal", None)


class FakeApp:
    """Stands in for PtopApp: records what the command line passed."""

    made: list[dict[str, object]] = []  # noqa: RUF012

    def __init__(self, **kwargs: object) -> None:
        FakeApp.made.append(kwargs)
        self.stopped_by_signal = None
        self.return_code = 0

    def run(self) -> None:
        pass

    def wait_for_scenarios(self) -> None:
        pass


@pytest.fixture
def fake_app(monkeypatch):
    import ptop.app

    FakeApp.made = []
    monkeypatch.setattr(ptop.app, "PtopApp", FakeApp)
    monkeypatch.setattr(cli, "_check_terminal", lambda: None, raising=False)  # no terminal here
    yield FakeApp.made
    gc.enable()  # main() pauses the collector for the TUI's start-up


def test_lang_reaches_the_app(fake_app):
    assert cli.main(["--no-config", "--lang", "zh"]) == 0
    assert cli.main(["--no-config"]) == 0
    assert [made["lang"] for made in fake_app] == ["zh", None]  # None: from the locale


@pytest.mark.parametrize(
    "argv",
    [
        ["--no-config", "--run", str(DEAF), "one", "--two"],
        ["--no-config", f"--run={DEAF}", "one", "--two"],
        ["--no-config", "--lang", "en", f"--run={DEAF}", "one", "--two"],
    ],
)
def test_run_with_or_without_equals_passes_the_rest_to_the_script(fake_app, argv):
    assert cli.main(argv) == 0
    info, args = fake_app[0]["initial_scenario"]
    assert info.path == DEAF
    assert args == ("one", "--two")


class FakeServer:
    """Stands in for textual_serve.server.Server: records the command it would serve."""

    made: list[tuple[str, str, int]] = []  # noqa: RUF012

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        FakeServer.made.append((command, host, port))

    def serve(self) -> None:
        pass


def test_served_command_carries_lang_and_the_child_honours_it(fake_app, monkeypatch):
    server = pytest.importorskip("textual_serve.server")
    FakeServer.made = []
    monkeypatch.setattr(server, "Server", FakeServer)
    assert cli.main(["--serve", "--lang", "zh", "--scenario", "pool", "--port", "0"]) == 0
    [(command, host, port)] = FakeServer.made
    assert (host, port != 0) == ("127.0.0.1", True)  # port 0: the real free port
    words = shlex.split(command)
    assert words[:3] == [sys.executable, "-m", "ptop"]
    assert "--lang" in words
    assert words[words.index("--lang") + 1] == "zh"
    # Each browser tab runs that command on pipes, under textual-serve's web driver:
    # no terminal, and yet the child must start, in Chinese, read-only.
    monkeypatch.setattr(cli, "_check_terminal", REAL_CHECK_TERMINAL)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert cli.main(words[3:]) == 0
    [child] = fake_app
    assert child["lang"] == "zh"
    assert child["readonly"] is True
    assert child["initial_scenario"][0].name == "pool"
