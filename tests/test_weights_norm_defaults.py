"""The norm ambiguity, settled from the map alone: ``norm_layer(dim)`` where the class is a
constructor argument, a string looked up in the package's registry, or a ``partial`` default.

On MindSpore LayerNorm renames ``weight``/``bias`` to ``gamma``/``beta``, a norm class of the
package keeps them; a state_dict cannot tell the two apart (timm: test_convnext, davit_tiny,
crossvit_tiny_240 ... stopped at convert with "ambiguous"). The weight map records the layer
classes each class names as values (parameter defaults, ``partial``, strings through the
package's registry, module functions it calls); the converter takes the reading the innermost
enclosing class names, and only where a wrong pick renames to names the translated model lacks.
A checkpoint of a model built with the other class then fails at the strict load: loud."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from _robustness import REPO, run_cli, write

from translator.weights.rename import plan_renames

MODEL = textwrap.dedent("""\
    from functools import partial

    import torch
    import torch.nn as nn


    class ScaleNorm(nn.Module):
        # a norm of the package: keeps weight/bias on every target

        def __init__(self, dim, eps=1e-6):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(dim))
            self.bias = nn.Parameter(torch.zeros(dim))

        def forward(self, x):
            return x * self.weight + self.bias


    _NORM_MAP = dict(layernorm=nn.LayerNorm, scalenorm=ScaleNorm)


    def get_norm_layer(name):
        return _NORM_MAP[name.replace("_", "").lower()]


    class Block(nn.Module):
        def __init__(self, dim, norm_layer=None):
            super().__init__()
            self.norm = norm_layer(dim)
            self.fc = nn.Linear(dim, dim)

        def forward(self, x):
            return x + self.fc(self.norm(x))


    class Head(nn.Module):
        def __init__(self, dim, norm_layer=partial(nn.LayerNorm, eps=1e-6)):
            super().__init__()
            self.projs = nn.ModuleList()
            for _ in range(2):
                self.projs.append(nn.Sequential(norm_layer(dim), nn.Linear(dim, dim)))

        def forward(self, x):
            for proj in self.projs:
                x = proj(x)
            return x


    class Net(nn.Module):
        def __init__(self, norm_layer="layernorm", dim=4):
            super().__init__()
            norm_layer = get_norm_layer(norm_layer)
            self.stem = nn.Conv2d(3, dim, 3, padding=1)
            blocks = []
            for _ in range(2):
                blocks.append(Block(dim, norm_layer=norm_layer))
            self.blocks = nn.Sequential(*blocks)
            self.head = Head(dim)

        def forward(self, x):
            x = self.stem(x).flatten(2).transpose(1, 2)
            return self.head(self.blocks(x))


    class ScaleNet(Net):
        def __init__(self):
            super().__init__(norm_layer="scale_norm")
    """)

TORCH_SIDE = textwrap.dedent("""\
    import importlib.util, sys
    import numpy as np
    import torch

    src, cls, out = sys.argv[1:4]
    spec = importlib.util.spec_from_file_location("model", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    torch.manual_seed(0)
    net = getattr(mod, cls)().eval()
    with torch.no_grad():
        for t in net.state_dict().values():
            t.copy_(torch.randn(t.shape))
    x = torch.randn(2, 3, 4, 4)
    np.save(f"{out}/input.npy", x.numpy())
    np.save(f"{out}/output.npy", net(x).detach().numpy())
    torch.save(net.state_dict(), f"{out}/plain.pth")
    """)

MINDSPORE_SIDE = textwrap.dedent("""\
    import importlib.abc, importlib.util, sys

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path=None, target=None):
            if fullname.split(".", 1)[0] == "torch":
                raise ImportError("torch blocked")

    sys.meta_path.insert(0, Blocker())
    import mindspore as ms
    import numpy as np

    src, cls, ckpt, folder = sys.argv[1:5]
    spec = importlib.util.spec_from_file_location("translated", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    net = getattr(mod, cls)()
    params = ms.load_checkpoint(ckpt)
    missing = sorted(set(net.parameters_dict()) - set(params))
    extra = sorted(set(params) - set(net.parameters_dict()))
    assert not missing and not extra, (missing, extra)
    net.set_train(False)
    ms.load_param_into_net(net, params, strict_load=True)
    y = net(ms.Tensor(np.load(f"{folder}/input.npy"))).asnumpy()
    np.testing.assert_allclose(y, np.load(f"{folder}/output.npy"), rtol=1e-4, atol=1e-4)
    print("mindspore output matches torch")
    """)


def _run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GLOG_v": "3", "PYTHONUNBUFFERED": "1"}
    return subprocess.run([sys.executable, *map(str, argv)], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("norm_defaults")
    src = write(folder / "model.py", MODEL)
    run = run_cli("translate", src, "-o", folder / "model_ms.py", "--weight-map", folder / "map.yaml")
    assert run.code == 0, run.err
    return folder


SHAPES = {"stem.weight": (4, 3, 3, 3), "stem.bias": (4,),
          **{f"blocks.{i}.{k}": s for i in range(2) for k, s in
             (("norm.weight", (4,)), ("norm.bias", (4,)), ("fc.weight", (4, 4)), ("fc.bias", (4,)))},
          **{f"head.projs.{i}.{k}": s for i in range(2) for k, s in
             (("0.weight", (4,)), ("0.bias", (4,)), ("1.weight", (4, 4)), ("1.bias", (4,)))}}


@pytest.mark.text
def test_the_map_records_what_each_class_names_as_a_layer_class(translated: Path) -> None:
    doc = yaml.safe_load((translated / "map.yaml").read_text())
    assert "torch.nn.LayerNorm" in doc["classes"]["Head"]["values"]  # partial(nn.LayerNorm, eps=1e-6)
    assert "torch.nn.LayerNorm" not in doc["classes"]["Block"]["values"]  # a parameter: Net says
    assert doc["classes"]["Net"]["strings"] == ["layernorm"]  # through get_norm_layer's registry
    assert doc["registries"] == {"layernorm": ["torch.nn.LayerNorm"], "scalenorm": [{"class": "ScaleNorm"}]}
    assert doc["classes"]["Block"]["attrs"]["norm"] == "unknown"  # norm_layer(dim), a parameter


@pytest.mark.text
def test_the_enclosing_class_default_settles_a_tie_the_keys_leave(translated: Path) -> None:
    doc = yaml.safe_load((translated / "map.yaml").read_text())
    plan = plan_renames(SHAPES, doc, root="Net")
    assert not plan.unmapped, plan.unmapped
    renames = {r.source: r.target for r in plan.renames}
    assert renames["blocks.1.norm.weight"] == "blocks.1.norm.gamma"  # Net names 'layernorm'
    assert renames["head.projs.0.0.bias"] == "head.projs.0.0.beta"  # Head's partial default
    assert any("what Net names by default" in n for n in plan.notes), plan.notes
    # without the defaults the keys allow both readings: the tie is real
    bare = {**doc, "classes": {c: {k: v for k, v in f.items() if k not in ("values", "strings")}
                               for c, f in doc["classes"].items()}}
    plan = plan_renames(SHAPES, bare, root="Net")
    assert any("ambiguous" in why for _, why in plan.unmapped)


@pytest.mark.text
def test_defaults_naming_two_readings_leave_it_ambiguous(translated: Path) -> None:
    """ScaleNet passes 'scale_norm' over Net's 'layernorm': the classes on the way name both
    readings, so nothing is guessed."""
    doc = yaml.safe_load((translated / "map.yaml").read_text())
    plan = plan_renames(SHAPES, doc, root="ScaleNet")
    assert [k for k, _ in plan.unmapped] == ["blocks.0.norm.weight", "blocks.0.norm.bias",
                                             "blocks.1.norm.weight", "blocks.1.norm.bias"], plan.unmapped


@pytest.mark.text
def test_no_default_pick_between_readings_of_the_same_names() -> None:
    """A default never picks between readings renaming to the same names in another layout (a
    wrong pick could load silently when the tensor is square)."""
    from translator.weights.rename import _by_default

    readings = {(("weight", "weight", (True, None)),): ["Dense"], (("weight", "weight", (False, None)),): ["Mine"]}
    assert _by_default(readings, (("the source builds here", frozenset({"Dense"})),))[0] == []


def test_default_model_converts_and_matches_and_the_other_class_fails_loudly(translated: Path) -> None:
    for cls in ("Net", "ScaleNet"):
        out = translated / cls
        out.mkdir()
        proc = _run("-c", TORCH_SIDE, translated / "model.py", cls, out)
        assert proc.returncode == 0, proc.stderr
        conv = _run("-m", "translator", "weights", "convert", out / "plain.pth", "--map", translated / "map.yaml",
                    "-o", out / "model.ckpt", "--to", "mindspore")
        assert conv.returncode == 0, conv.stderr
        load = _run("-c", MINDSPORE_SIDE, translated / "model_ms.py", cls, out / "model.ckpt", out)
        if cls == "Net":
            assert load.returncode == 0 and "matches torch" in load.stdout, load.stderr
        else:
            # the checkpoint of ScaleNet (ScaleNorm in the blocks) is read as Net's: the names differ
            assert load.returncode != 0 and "blocks.0.norm.weight" in load.stderr, load.stderr


SAME_NAMED = {
    "a.py": """\
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.extra = nn.Conv2d(dim, dim, 1)
""",
    "b.py": """\
import torch
import torch.nn as nn


class GRN(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(dim))
        self.bias = nn.Parameter(torch.zeros(dim))


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.grn = GRN(dim)


class Net(nn.Module):
    def __init__(self, dim=4):
        super().__init__()
        for i in range(2):
            setattr(self, f"token_{i}", nn.Parameter(torch.zeros(1, dim)))
        self.stages = nn.Sequential(*[Block(dim) for _ in range(2)])
""",
}


@pytest.mark.text
def test_same_named_classes_type_a_module_by_its_own_members(tmp_path: Path) -> None:
    """Two ``Block`` classes (timm has dozens): merged, the one built in a list (``stages.0``) was
    typed by neither (the merge requires both classes' members), and its LayerNorm and its GRN,
    alike in a state_dict, were ambiguous (csatv2). Each is also kept as it is (``Block@k``); and
    ``setattr(self, f"token_{i}", nn.Parameter(...))`` names the model's own parameters
    (crossvit's ``pos_embed_0``: no class held every top-level name before)."""
    for name, text in SAME_NAMED.items():
        write(tmp_path / "pkg" / name, text)
    run = run_cli("translate", tmp_path / "pkg", "-o", tmp_path / "out", "--weight-map", tmp_path / "map.yaml")
    assert run.code == 0, run.err
    doc = yaml.safe_load((tmp_path / "map.yaml").read_text())
    assert {doc["classes"][f"Block@{k}"]["variant_of"] for k in (0, 1)} == {"Block"}
    assert "token_*" in doc["classes"]["Net"]["params"]
    shapes = {"token_0": (1, 4), "token_1": (1, 4),
              **{f"stages.{i}.{k}": (4,) for i in range(2) for k in
                 ("norm.weight", "norm.bias", "grn.weight", "grn.bias")}}
    plan = plan_renames(shapes, doc)
    assert not plan.unmapped, plan.unmapped
    assert plan.notes[0] == "model class: Net"
    renames = {r.source: r.target for r in plan.renames}
    assert renames["stages.1.norm.weight"] == "stages.1.norm.gamma"
    assert renames["stages.1.grn.weight"] == "stages.1.grn.weight"
    assert renames["token_1"] == "token_1"


FUSED = """\
import torch.nn as nn
from torch.nn.utils.fusion import fuse_conv_bn_eval


class ConvNorm(nn.Module):
    def fuse(self):
        self.conv = fuse_conv_bn_eval(self.conv, self.norm)
        self.norm = None
        self.act = make_act()

    def __init__(self, dim):
        super().__init__()
        self.conv = nn.Conv1d(dim, dim, 1)
        self.norm = nn.BatchNorm1d(dim)
        self.act = nn.ReLU()
"""


@pytest.mark.text
def test_a_method_fusing_a_member_keeps_its_type(tmp_path: Path) -> None:
    """``self.conv = fuse_conv_bn_eval(self.conv, self.norm)`` in ``fuse()`` made ``conv``
    untyped, and its 3-D weight was "Conv1d or any norm class of unknown rank" (efficientvim);
    a value the source cannot type from anything else still makes it unknown."""
    src = write(tmp_path / "m.py", FUSED)
    run = run_cli("translate", src, "-o", tmp_path / "out.py", "--weight-map", tmp_path / "map.yaml")
    assert run.code == 0, run.err
    attrs = yaml.safe_load((tmp_path / "map.yaml").read_text())["classes"]["ConvNorm"]["attrs"]
    assert attrs["conv"] == "torch.nn.Conv1d"
    assert attrs["norm"] == "torch.nn.BatchNorm1d"
    assert attrs["act"] == "unknown"
