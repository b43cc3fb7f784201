"""What importing ptop loads, measured at run time; and the one import rule no contract states.

The layer contracts (model is pure, sampling and launcher never reach the UI, the UI reaches
psutil only through sampling, no circles) are import-linter contracts in pyproject.toml,
checked by tests/test_static.py. What stays here is what a static graph cannot see: which
modules a start-up actually loads (imports deferred into functions on purpose).
"""

import pkgutil
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


def test_model_imports_only_the_standard_library_and_itself():
    # import-linter forbids named packages; "nothing but the standard library" is an
    # allow-list, asked of the same import graph.
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("ptop", include_external_packages=True, cache_dir=None)
    model = {"ptop.model", *graph.find_descendants("ptop.model")}
    outside = {
        (module, imported)
        for module in model
        for imported in graph.find_modules_directly_imported_by(module)
        if imported not in model and imported.split(".")[0] not in sys.stdlib_module_names
    }
    assert not outside
    assert "ptop.model.snapshot" in model  # the graph did see the model


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


def test_the_tui_starts_without_modules_it_does_not_need_yet():
    # Each of these cost 5-20 ms before the first frame (issue 5's budget is 600 ms):
    # psutil is needed only to signal or stop a scenario, lessons once one runs, Rich's
    # pretty-printer never.
    loaded = modules_after("sys.modules['ssl'] = None; from ptop.app import PtopApp; PtopApp()")
    assert "textual.app" in loaded
    assert not {"psutil", "rich.pretty", "attr"} & loaded
    lesson_modules = {
        f"ptop.model.lessons.{module.name}"
        for module in pkgutil.iter_modules([str(SRC / "model" / "lessons")])
        if module.name not in {"base", "session"}
    }
    assert "ptop.model.lessons.gil" in lesson_modules
    assert not lesson_modules & loaded, "the lessons or their registry load at start-up"
