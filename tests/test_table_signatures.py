"""Table entries agree with the installed torch, MindSpore and Paddle (one process each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translator.tables.loader import available_targets

ROOT = Path(__file__).resolve().parent.parent


def _verdicts(side: str, target: str, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / f"{side}-{target}.json"
    proc = subprocess.run([sys.executable, "-m", "tests.table_examples.signatures", side, target, str(out)],
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text())


@pytest.mark.parametrize("target", available_targets())
def test_recorded_signatures_equal_torch(target, tmp_path):
    verdicts = _verdicts("torch", target, tmp_path)
    bad = {k: v for k, v in verdicts.items() if v not in ("ok", "not introspectable")}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in sorted(bad.items()))
    assert sum(v == "ok" for v in verdicts.values()) >= len(verdicts) // 3


@pytest.mark.parametrize("target", available_targets())
def test_targets_exist_and_take_the_emitted_keywords(target, tmp_path):
    verdicts = _verdicts("target", target, tmp_path)
    bad = {k: v for k, v in verdicts.items() if v != "ok"}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in sorted(bad.items()))
