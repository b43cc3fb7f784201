"""The package metadata says what is true: licence, dependencies, pinned linters, versions."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
DISTRIBUTION_OF = {"textual_serve": "textual-serve"}  # import name -> distribution name


def requirement_name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower()


def imported_top_level_modules() -> set[str]:
    found = set()
    for path in (ROOT / "src" / "ptop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_every_imported_third_party_package_is_declared():
    third_party = {
        module
        for module in imported_top_level_modules()
        if module not in sys.stdlib_module_names and module not in {"ptop", "__future__"}
    }
    declared = {requirement_name(r) for r in PROJECT["dependencies"]}
    declared |= {requirement_name(r) for r in PROJECT["optional-dependencies"]["serve"]}
    assert "rich" in third_party  # the reason for this test
    missing = {DISTRIBUTION_OF.get(m, m) for m in third_party} - declared
    assert not missing


def test_the_linters_that_run_as_tests_are_pinned():
    pinned = {requirement_name(r): r for r in PROJECT["optional-dependencies"]["test"] if "==" in r}
    assert {"ruff", "mypy", "types-psutil"} <= set(pinned)


def test_licence_file_matches_the_metadata():
    assert PROJECT["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 The ptop team" in text


def test_no_placeholder_urls():
    assert "example.invalid" not in (ROOT / "pyproject.toml").read_text()


def test_the_python_running_the_tests_is_a_listed_version():
    version = f"Programming Language :: Python :: {sys.version_info[0]}.{sys.version_info[1]}"
    assert version in PROJECT["classifiers"]
    assert PROJECT["requires-python"] == ">=3.11"
