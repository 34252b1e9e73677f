"""A subclass of a torch layer whose ``super().__init__`` passes ``**kwargs`` or a restricted flag
held in a variable (timm's ``LayerNorm2d``: ``elementwise_affine=affine, **kwargs``) derives from the
layer's generated adapter, which takes torch's arguments and checks restricted values when it runs
(translator/rewrite/adapters.py ``base_needs_adapter``): translated, never silently wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _verify_fixture import translated_fixture_matches

from tests.translate_helpers import translate

FIXTURE = Path(__file__).resolve().parent / "adapter_base_fixtures" / "norm_subclasses.py"


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_subclasses_derive_from_adapters_and_keep_their_calls(target: str) -> None:
    code = translate(FIXTURE.read_text(encoding="utf-8"), target)
    assert "TODO" not in code, code
    # MindSpore needs an adapter for every one of them; Paddle's LayerNorm takes torch's names
    bases = {"mindspore": ["LayerNorm", "GroupNorm", "BatchNorm2d", "Conv2d"],
             "paddle": ["BatchNorm2d", "Conv2d"]}[target]
    for layer in bases:
        assert f"(TorchArgs{layer}):" in code, layer
    assert "super().__init__(num_channels, eps=eps, elementwise_affine=affine, **kwargs)" in code


def test_a_literal_value_the_target_refuses_stays_a_todo() -> None:
    source = ("import torch.nn as nn\n\n\nclass N(nn.LayerNorm):\n    def __init__(self, n, **kwargs):\n"
              "        super().__init__(n, elementwise_affine=False, **kwargs)\n")
    assert "TODO(torch2ms): torch.nn.LayerNorm: elementwise_affine=False" in translate(source, "mindspore")


@pytest.mark.framework
@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_adapter_bases_convert_strictly_and_match(target: str, tmp_path: Path) -> None:
    translated_fixture_matches(FIXTURE, target, tmp_path)


@pytest.mark.framework
def test_a_refused_run_time_value_raises_with_the_reason(tmp_path: Path) -> None:
    out = tmp_path / "norm_subclasses_ms.py"
    out.write_text(translate(FIXTURE.read_text(encoding="utf-8"), "mindspore"), encoding="utf-8")
    probe = ("import sys; sys.path.insert(0, {root!r}); from parity._common import block_torch, import_from_path\n"
             "block_torch(); import mindspore; m = import_from_path({path!r})\n"
             "try:\n    m.NoAffine()\nexcept ValueError as e:\n    print('raised:', e)\n")
    run = subprocess.run([sys.executable, "-c", probe.format(root=str(Path(__file__).parent), path=str(out))],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "raised: elementwise_affine=False: MindSpore nn.LayerNorm always has trainable gamma/beta" in run.stdout
