"""The surface report (python -m tests.coverage_surface) runs and its numbers are the tables'."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translator.tables import load_tables
from translator.tables.loader import available_targets

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "tests.coverage_surface", *args], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@pytest.fixture(scope="module")
def reported() -> dict:
    return json.loads(_run("--format", "json"))


def _surface() -> list[str]:
    text = (ROOT / "api_tables" / "torch" / "surface.txt").read_text()
    return [ln for ln in text.splitlines() if ln and not ln.startswith("#")]


def test_surface_is_the_issue_list():
    names = _surface()
    assert len(names) == len(set(names)) == 1371
    assert "torch.Tensor" in names and "torch.Tensor.__add__" in names and "torch.nn.Conv2d" in names


@pytest.mark.parametrize("target", available_targets())
def test_totals_equal_the_tables(reported, target):
    entries = load_tables(target).entries
    keys = {("Tensor." + n.removeprefix("torch.Tensor.")) if n.startswith("torch.Tensor.") else n: n
            for n in _surface()}
    decided = [k for k in keys if k in entries]
    unsupported = [k for k in decided if entries[k].unsupported]
    total = reported[target]["all"]
    assert (total["total"], total["decided"], total["unsupported"], total["translated"]) == (
        1371, len(decided), len(unsupported), len(decided) - len(unsupported))
    assert sorted(total["missing"]) == sorted(keys[k] for k in keys if k not in entries)


@pytest.mark.parametrize("target", available_targets())
def test_namespaces_partition_the_surface(reported, target):
    parts = {ns: c for ns, c in reported[target].items() if ns != "all"}
    assert set(parts) == {"torch", "torch.Tensor", "torch.nn layers", "torch.nn.functional", "torch.nn.init",
                          "torch.linalg", "torch.fft", "torch.special"}
    for field in ("total", "decided", "translated", "unsupported"):
        assert sum(c[field] for c in parts.values()) == reported[target]["all"][field]
    assert parts["torch.nn layers"]["total"] == 142 and parts["torch.Tensor"]["total"] == 533


def test_text_report_states_the_goal():
    out = _run()
    for target in available_targets():
        assert f"{target}: namespace" in out
    assert out.count("goal: decided >= 95%") == len(available_targets())
