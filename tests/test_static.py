"""Static checks run as tests, so CI fails on them: ruff (lint), mypy --strict (types) and
import-linter (the layer contracts in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    not (ROOT / "pyproject.toml").exists(), reason="needs the source tree"
)


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_finds_nothing():
    pytest.importorskip("ruff")  # a test dependency; skipped only outside '.[test]'
    result = run_tool("ruff", "check", "src", "tests", "scenarios", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_ptop():
    pytest.importorskip("mypy")
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


class ContractBrokenError(AssertionError):
    """lint-imports ran and reported a contract broken (not a configuration error)."""


def check_contracts(*ids: str) -> None:
    pytest.importorskip("importlinter")
    # The lint-imports of the interpreter running the tests (the same venv).
    script = Path(sysconfig.get_path("scripts")) / "lint-imports"
    result = subprocess.run(
        [str(script), "--no-cache", "--no-logo", *(f"--contract={i}" for i in ids)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode and "BROKEN" in result.stdout:
        raise ContractBrokenError(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(ids)} kept, 0 broken" in result.stdout, result.stdout


def contract_ids() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [contract["id"] for contract in config["tool"]["importlinter"]["contracts"]]


def test_import_contracts_hold():
    ids = contract_ids()
    assert len(ids) >= 5, ids
    check_contracts(*ids)


def test_no_import_circles():
    assert "acyclic" in contract_ids()
    check_contracts("acyclic")
