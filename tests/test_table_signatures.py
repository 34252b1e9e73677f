"""Table facts agree with the installed torch, MindSpore and Paddle (one process each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translator.tables.loader import available_targets

ROOT = Path(__file__).resolve().parent.parent

# signatures torch rejects (the 8 the two targets once disagreed on included): each must be caught
WRONG = [
    "Tensor.mul_ (value)",                                   # torch: other
    "Tensor.sum (dim=None, keepdim=False, dtype=None)",      # dtype is keyword-only
    "Tensor.expand (*sizes)",                                # torch: *size
    "torch.stack (tensors, axis=0, *, out=None)",            # the canonical name is dim
    "torch.sum (input, dim=None, keepdim=True, *, dtype=None)",  # wrong default
    "Tensor.float (memory_format=torch.preserve_format)",    # keyword-only in torch
    "torch.nn.functional.relu (input, inplace=True)",        # Python function: exact
    "torch.nn.LSTM (input_size, hidden_size, num_layers=2)",  # an exception's reference applies too
]


def _run(module: str, *args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.fixture(scope="module")
def torch_verdicts(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("sig") / "torch.json"
    _run("tests.table_examples.torch_signatures", str(out), *WRONG)
    return json.loads(out.read_text())


def test_every_torch_signature_equals_torch(torch_verdicts):
    facts = {k: v for k, v in torch_verdicts.items() if k not in WRONG}
    bad = {k: v for k, v in facts.items() if v != "ok"}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in sorted(bad.items()))
    assert len(facts) > 300


@pytest.mark.parametrize("probe", WRONG)
def test_a_wrong_signature_is_caught(torch_verdicts, probe):
    assert torch_verdicts[probe] != "ok"


@pytest.mark.parametrize("target", available_targets())
def test_targets_exist_and_take_the_emitted_keywords(target, tmp_path):
    out = tmp_path / f"target-{target}.json"
    _run("tests.table_examples.signatures", "target", target, str(out))
    verdicts = json.loads(out.read_text())
    bad = {k: v for k, v in verdicts.items() if v != "ok"}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in sorted(bad.items()))
