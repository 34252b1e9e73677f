"""Modules the translated source cannot type, converted with ``--map`` alone.

A BatchNorm that source cannot type (``norm_layer(dim)``) in a package that also uses BatchNorm3d
converts with ``--map`` alone on MindSpore: every BatchNorm renames its keys the same way (the
generated TorchBatchNorm3d is a BatchNorm2d over (N, C, D*H, W), not mindspore.nn.BatchNorm3d with
its inner ``bn2d.`` cell), and the converted checkpoint computes what torch did (the zoo's
torchvision video ResNets and ResNet backbones were "ambiguous: BatchNorm1d/BatchNorm2d;
BatchNorm3d")."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from _robustness import REPO, run_cli, write
from test_cli_weights import MINDSPORE_SIDE, TORCH_SIDE

MODEL = textwrap.dedent("""\
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self, norm_layer=None):
            super().__init__()
            if norm_layer is None:
                norm_layer = nn.BatchNorm2d
            self.conv = nn.Conv2d(3, 4, 3, padding=1)
            self.bn = norm_layer(4)
            self.conv3d = nn.Conv3d(1, 2, 3, padding=1)
            self.bn3d = nn.BatchNorm3d(2)

        def forward(self, x):
            y = self.bn(self.conv(x))
            return self.bn3d(self.conv3d(y.unsqueeze(1))).sum(1)
    """)


def _run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GLOG_v": "3", "PYTHONUNBUFFERED": "1"}
    return subprocess.run([sys.executable, *map(str, argv)], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


def test_untyped_batchnorm_beside_batchnorm3d_converts_and_matches(tmp_path: Path) -> None:
    src = write(tmp_path / "model.py", MODEL)
    run = run_cli("translate", src, "-o", tmp_path / "model_ms.py", "--weight-map", tmp_path / "map.yaml")
    assert run.code == 0, run.err
    proc = _run("-c", TORCH_SIDE, src, tmp_path)
    assert proc.returncode == 0, proc.stderr
    ckpt = tmp_path / "model.ckpt"
    proc = _run("-m", "translator", "weights", "convert", tmp_path / "plain.pth", "--map", tmp_path / "map.yaml",
                "-o", ckpt, "--to", "mindspore")
    assert proc.returncode == 0, proc.stderr
    assert "bn as BatchNorm" in proc.stderr  # typed from evidence: source could not tell
    proc = _run("-c", MINDSPORE_SIDE, tmp_path / "model_ms.py", ckpt, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "matches torch" in proc.stdout


USER_CONV = textwrap.dedent("""\
    import torch
    import torch.nn as nn


    class DeformLikeConv(nn.Module):
        def __init__(self, cin, cout, k):
            super().__init__()
            self.weight = nn.Parameter(torch.empty(cout, cin, k, k).normal_())
            self.bias = nn.Parameter(torch.zeros(cout))

        def forward(self, x):
            return x


    def norm(kind, c):
        return nn.GroupNorm(2, c) if kind == "group" else DeformLikeConv(c, c, 3)


    class Head(nn.Module):
        def __init__(self, c):
            super().__init__()
            self.norm = norm("group", c)
            self.dcn = DeformLikeConv(c, c, 3)
    """)


def test_user_class_parameter_ndims_tell_it_from_a_norm_layer(tmp_path: Path) -> None:
    """A user class owning ``weight``/``bias`` (torchvision's DeformConv2d) is no longer a reading of a
    module with a 1-D weight and bias (FCOS's GroupNorms): the weight map records the ndim its
    construction states, and the converter's evidence uses it."""
    import yaml

    from translator.weights.rename import plan_renames

    src = write(tmp_path / "head.py", USER_CONV)
    run = run_cli("translate", src, "-o", tmp_path / "head_ms.py", "--weight-map", tmp_path / "map.yaml")
    assert run.code == 0, run.err
    doc = yaml.safe_load((tmp_path / "map.yaml").read_text())
    assert doc["classes"]["DeformLikeConv"]["ndims"] == {"weight": 4}  # torch.zeros(cout): an int or a shape
    shapes = {"norm.weight": (8,), "norm.bias": (8,), "dcn.weight": (8, 8, 3, 3), "dcn.bias": (8,)}
    plan = plan_renames(shapes, doc, root="Head")
    assert not plan.unmapped, plan.unmapped
    renames = {r.source: r.target for r in plan.renames}
    assert renames == {"norm.weight": "norm.gamma", "norm.bias": "norm.beta", "dcn.weight": "dcn.weight",
                       "dcn.bias": "dcn.bias"}
