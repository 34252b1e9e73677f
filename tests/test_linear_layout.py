"""Paddle ``nn.Linear`` is ``paddle.nn.Linear`` (weight transposed by the weight map); the
layout-keeping ``TorchLinear`` is generated only for a Linear whose weight the code uses in torch's
[out, in] layout, decided per attribute by translator/rewrite/layout.py, and the weight map follows
the same decision. The numeric test converts a checkpoint through the generated map only."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests._robustness import run_cli
from tests.translate_helpers import translate
from translator.engine import translate_source
from translator.tables.loader import load_tables

ROOT = Path(__file__).resolve().parent.parent
PARITY = ROOT / "tests" / "parity"


def test_plain_linear_is_the_target_class():
    before = """\
        import torch.nn as nn


        class Head(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2, bias=False)

            def forward(self, x):
                return self.fc(x)
        """
    after = """\
        from paddle import nn


        class Head(nn.Layer):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2, bias_attr=False)

            def forward(self, x):
                return self.fc(x)
        """
    assert translate(before, "paddle") == textwrap.dedent(after)


def test_weight_in_f_linear_keeps_the_layout_for_that_attribute_only():
    out = translate("""\
        import torch.nn as nn
        import torch.nn.functional as F


        class Attn(nn.Module):
            def __init__(self, dim):
                super().__init__()
                self.proj = nn.Linear(dim, dim)
                self.fc = nn.Linear(dim, dim)

            def forward(self, x):
                return self.fc(F.linear(x, self.proj.weight, self.proj.bias))
        """, "paddle")
    assert "        self.proj = TorchLinear(dim, dim)\n" in out
    assert "        self.fc = nn.Linear(dim, dim)\n" in out
    assert "class TorchLinear(nn.Linear):" in out  # a subclass: isinstance(m, nn.Linear) holds
    assert "F.linear(x, self.proj.weight.T, self.proj.bias)" in out


@pytest.mark.parametrize("use", [
    "self.head.weight = self.embed.weight",  # tied to another tensor
    "self.embed.weight = self.head.weight",  # tied from it
    "n = self.head.weight.shape[0]",
    "n = self.head.weight.size(1)",
    "w = self.head.weight.T",
    "w = self.head.weight[:2]",
    "nn.init.kaiming_uniform_(self.head.weight)",  # needs fan_in: right on torch's layout
    "register(self.head)",  # passed around: its weight may be used where this file cannot see
    "self.head = nn.Linear(4, 6, dtype=torch.float16)",  # only the generated layer takes dtype
    "self.head = nn.Identity()",  # two kinds on one attribute: the weight map cannot say which
])
def test_layout_sensitive_use_keeps_torch_layout(use):
    out = translate(f"""\
        import torch
        import torch.nn as nn


        class Tied(nn.Module):
            def __init__(self):
                super().__init__()
                self.embed = nn.Embedding(6, 4)
                self.head = nn.Linear(4, 6, bias=False)
                self.other = nn.Linear(4, 4)
                {use}
        """, "paddle")
    assert "self.head = TorchLinear(4, 6" in out and "self.head = nn.Linear" not in out, out
    assert "self.other = nn.Linear(4, 4)" in out


@pytest.mark.parametrize("use", [
    "nn.init.trunc_normal_(self.head.weight, std=0.02)",
    "nn.init.xavier_uniform_(self.head.weight)",  # fan_in + fan_out: the same either way
    "nn.init.zeros_(self.head.bias)",
    "nn.init.constant_(self.head.bias, 0.0)",
    "self.head.weight.data.normal_(0.0, 0.02)",
    "self.head.weight.requires_grad = False",
    "dtype = self.head.weight.dtype",
    "n = self.head.in_features",  # read from the idiomatic weight's shape (test below)
    "n = self.head.out_features * 2",
])
def test_layout_agnostic_use_stays_idiomatic(use):
    out = translate(f"""\
        import torch.nn as nn


        class Head(nn.Module):
            def __init__(self):
                super().__init__()
                self.head = nn.Linear(4, 6)
                {use}
        """, "paddle")
    assert "self.head = nn.Linear(4, 6)" in out, out


def test_in_and_out_features_on_a_typed_layer_are_read_from_the_weight_shape():
    out = translate("""\
        import math
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.head = nn.Linear(4, 6)
                self.cls = nn.Sequential(nn.Dropout(0.1), nn.Linear(6, 3))
                self.width = self.head.in_features
                for m in self.modules():
                    if isinstance(m, nn.Linear):
                        nn.init.uniform_(m.bias, -1 / math.sqrt(m.out_features), 1 / math.sqrt(m.out_features))
        """, "paddle")
    assert "self.head = nn.Linear(4, 6)" in out and "TorchSequential(nn.Dropout(0.1), nn.Linear(6, 3))" in out
    # getattr first: under isinstance(m, nn.Linear) m may be the layout-keeping subclass too
    assert "self.width = getattr(self.head, 'in_features', self.head.weight.shape[0])" in out
    assert "math.sqrt(getattr(m, 'out_features', m.weight.shape[1]))" in out
    assert "TorchLinear" not in out


def test_in_features_on_a_layer_the_rewrite_cannot_type_keeps_torch_layout():
    out = translate("""\
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.head = nn.Linear(4, 6)


        def width(model):
            return model.head.in_features
        """, "paddle")
    assert "self.head = TorchLinear(4, 6)" in out and "model.head.in_features" in out


def test_a_use_the_analysis_cannot_follow_keeps_every_linear_of_the_file():
    out = translate("""\
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = nn.Linear(4, 4)
                self.b = nn.Sequential(nn.Linear(4, 4))
                for m in self.modules():
                    if isinstance(m, nn.Linear):
                        print(m.weight.shape)
                    elif isinstance(m, nn.Conv2d):
                        print(m.weight.shape)
        """, "paddle")
    assert "self.a = TorchLinear(4, 4)" in out and "TorchSequential(TorchLinear(4, 4))" in out
    assert "isinstance(m, nn.Linear)" in out  # the target class, which TorchLinear subclasses


def test_linears_the_weight_map_cannot_type_keep_torch_layout():
    out = translate("""\
        import torch.nn as nn


        def make(n, layer=nn.Linear):
            layers = [nn.Linear(n, n)]
            return nn.Sequential(*layers, layer(n, n))
        """, "paddle")
    assert "layers = [TorchLinear(n, n)]" in out and "layer=TorchLinear" in out


def test_mindspore_dense_is_unaffected():
    out = translate("""\
        import torch.nn as nn
        import torch.nn.functional as F


        class A(nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = nn.Linear(4, 4)

            def forward(self, x):
                return F.linear(x, self.proj.weight)
        """, "mindspore")
    assert "self.proj = nn.Dense(4, 4" in out and "TorchLinear" not in out


def test_weight_map_follows_the_decision():
    source = (ROOT / "fixtures" / "linear_layouts.py").read_text()
    result = translate_source(source, "linear_layouts.py", load_tables("paddle"))
    attrs = {name: facts.attrs for name, facts in result.classes.items()}
    assert attrs["Attention"]["qkv"] == "torch.nn.Linear[torch_layout]"
    assert attrs["Attention"]["proj"] == "torch.nn.Linear"
    assert attrs["Attention"]["mlp"] == {"sequence": ["torch.nn.Linear", "torch.nn.GELU", "torch.nn.Linear"]}
    assert attrs["Model"]["head"] == "torch.nn.Linear[torch_layout]"


_PADDLE_SIDE = """\
import sys
sys.path.insert(0, {parity!r})
from _common import block_torch
block_torch()
import numpy as np
import paddle
sys.path.insert(0, {out!r})
import linear_layouts_pd as m
model = m.build_model()
missing, unexpected = model.set_state_dict(paddle.load({params!r}))
assert not missing and not unexpected, (missing, unexpected)
model.eval()
kinds = sorted({{type(layer).__name__ for layer in model.sublayers() if isinstance(layer, paddle.nn.Linear)}})
assert kinds == ["Linear", "TorchLinear"], kinds
y = model(paddle.to_tensor(np.load({ids!r}))).numpy()
ref = np.load({ref!r})
print(float(np.abs(y - ref).max()), float(np.abs(ref).max()))
"""


@pytest.mark.framework
def test_both_kinds_match_torch_through_the_generated_map(tmp_path: Path):
    src = ROOT / "fixtures" / "linear_layouts.py"
    out = tmp_path / "linear_layouts_pd.py"
    wmap = tmp_path / "map.yaml"
    run = run_cli("translate", src, "-o", out, "--to", "paddle", "--weight-map", wmap, "-q")
    assert run.code == 0, run.err
    assert "transpose" in wmap.read_text() and yaml.safe_load(wmap.read_text())["layers"]
    torch_side = f"""\
import sys
sys.path.insert(0, {str(src.parent)!r})
import numpy as np
import torch
import linear_layouts as m
torch.manual_seed(0)
model = m.build_model().eval()
torch.save(model.state_dict(), {str(tmp_path / 'w.pth')!r})
ids = torch.randint(0, 11, (2, 5))
np.save({str(tmp_path / 'ids.npy')!r}, ids.numpy())
np.save({str(tmp_path / 'ref.npy')!r}, model(ids).detach().numpy())
"""
    proc = subprocess.run([sys.executable, "-c", torch_side], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    params = tmp_path / "w.pdparams"
    run = run_cli("weights", "convert", tmp_path / "w.pth", "-o", params, "--map", wmap, "--to", "paddle")
    assert run.code == 0, run.err
    code = _PADDLE_SIDE.format(parity=str(PARITY), out=str(tmp_path), params=str(params),
                               ids=str(tmp_path / "ids.npy"), ref=str(tmp_path / "ref.npy"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    diff, scale = map(float, proc.stdout.split())
    assert diff <= 1e-5 * max(1.0, scale), (diff, scale)
