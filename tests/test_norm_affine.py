"""Norm layers without affine parameters (InstanceNorm2d's default affine=False) hold none, as in
torch: MindSpore's GroupNorm stand-in kept frozen gamma/beta that torch's checkpoint lacks (strict
load failed: torchvision raft_small), and Paddle's InstanceNorm2D has no ``weight`` attribute for
``m.weight is not None`` (raft.py). ``torch2ms verify`` converts random torch weights with the
translated model's own parameter names (strict both ways) and compares the outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _verify_fixture import translated_fixture_matches

from tests.translate_helpers import translate

FIXTURE = Path(__file__).resolve().parent / "norm_fixtures" / "instance_norms.py"


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_instance_norm_reads_keep_torch_names_beside_batch_norm(target: str) -> None:
    code = translate(FIXTURE.read_text(encoding="utf-8"), target)
    assert "TODO" not in code
    attr = {"mindspore": "gamma", "paddle": "weight"}[target]
    # both layer types of the tuple rename weight alike, so the init loop reads one name
    assert f"if m.{attr} is not None:" in code
    assert "class TorchInstanceNorm2d" in code


@pytest.mark.framework
@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_instance_norm_without_affine_converts_strictly_and_matches(target: str, tmp_path: Path) -> None:
    out = translated_fixture_matches(FIXTURE, target, tmp_path)
    probe = ("import sys; sys.path.insert(0, {root!r}); from parity._common import block_torch, import_from_path\n"
             "block_torch(); import {fw}; m = import_from_path({path!r}); net = m.Net()\n"
             "names = sorted(n for n, _ in {params}); print(net.affine_flags(), names)")
    params = {"mindspore": "net.parameters_and_names()", "paddle": "net.named_parameters()"}[target]
    run = subprocess.run([sys.executable, "-c", probe.format(root=str(Path(__file__).parent), fw=target,
                                                             path=str(out), params=params)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    flags, names = run.stdout.strip().splitlines()[-1].split("] ", 1)
    assert flags == "[True, True, True"
    # the instance norms without affine own no parameters; the affine one owns two
    assert not any(n.startswith(("norm.", "plain.")) for n in eval(names)), names
    assert sum(n.startswith("affine.") for n in eval(names)) == 2, names
