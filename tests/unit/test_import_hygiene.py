"""Layer contract: model is stdlib only; sampling and launcher never load Textual."""

import subprocess
import sys
from pathlib import Path

import pytest

import ptop

SRC = Path(ptop.__file__).parent


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return set(out.split())


def loaded_after(statement: str) -> set[str]:
    return {name.split(".")[0] for name in modules_after(statement)}


def test_model_loads_neither_textual_nor_psutil():
    loaded = loaded_after("import ptop.model, ptop.model.codec, ptop.model.query")
    assert "textual" not in loaded
    assert "psutil" not in loaded
    assert "rich" not in loaded


@pytest.mark.parametrize(
    "package",
    [
        "ptop.sampling.sampler",
        "ptop.sampling.machine",
        "ptop.sampling.procfs_sampler",
        "ptop.sampling.psutil_sampler",
        "ptop.sampling.control",
        "ptop.sampling.replay",
        "ptop.launcher",
    ],
)
def test_sampling_and_launcher_do_not_load_textual(package):
    assert "textual" not in loaded_after(f"import {package}")


def test_once_json_never_imports_textual():
    code = (
        "import sys, io; sys.stdout = io.StringIO(); from ptop.cli import main; "
        "main(['--once', '--json']); sys.stdout = sys.__stdout__; "
        "print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "False"


def test_model_sources_import_only_stdlib_and_model():
    for path in (SRC / "model").rglob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                module = stripped.split()[1].split(".")[0]
                assert module in sys.stdlib_module_names or module in {"ptop", "__future__"}, (
                    f"{path.name}: {stripped}"
                )
                if module == "ptop":
                    assert stripped.split()[1].startswith("ptop.model"), f"{path.name}: {stripped}"


def test_ui_never_imports_psutil_directly():
    for path in (SRC / "ui").rglob("*.py"):
        assert "import psutil" not in path.read_text(), path


def test_the_tui_starts_without_modules_it_does_not_need_yet():
    # Each of these cost 5-20 ms before the first frame (issue 5's budget is 600 ms):
    # psutil is needed only to signal or stop a scenario, lessons once one runs, Rich's
    # pretty-printer never.
    loaded = modules_after("sys.modules['ssl'] = None; from ptop.app import PtopApp; PtopApp()")
    assert "textual.app" in loaded
    assert not {"psutil", "rich.pretty", "attr", "ptop.model.lessons.gil"} & loaded
