"""The weight map types what source can tell; where it cannot, the layer itself (its table examples
built in torch) is the evidence (issue 9, point 3). Fixtures of our own with the zoo patterns."""

from __future__ import annotations

import shutil
import textwrap

import numpy as np
import pytest

from translator.engine import translate_source
from translator.tables import load_tables
from translator.weight_map import build_weight_map
from translator.weights.convert import convert_state
from translator.weights.evidence import layer_patterns

SOURCE = textwrap.dedent("""\
    import torch
    import torch.nn as nn


    class FrozenBN(nn.Module):
        def __init__(self, n):
            super().__init__()
            self.register_buffer("weight", torch.ones(n))
            self.register_buffer("bias", torch.zeros(n))
            self.register_buffer("running_mean", torch.zeros(n))
            self.register_buffer("running_var", torch.ones(n))


    class Block(nn.Module):
        def __init__(self, c, norm_layer=None):
            super().__init__()
            if norm_layer is None:
                norm_layer = nn.BatchNorm2d
            self.conv = nn.Conv2d(c, c, 3, bias=False)
            self.bn = norm_layer(c)
            self.act = nn.PReLU(c) if c > 1 else nn.Identity()


    def conv_block(c):
        return nn.Conv2d(c, c, 1, bias=False)


    def stage(c, n):
        layers = []
        for _ in range(n):
            layers.append(Block(c))
        return nn.Sequential(*layers)


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = conv_block(4)
            self.stage = stage(4, 2)
            self.frozen = FrozenBN(4)
    """)


def _state() -> dict[str, np.ndarray]:
    state = {"stem.weight": np.zeros((4, 4, 1, 1), np.float32)}
    for i in range(2):
        p = f"stage.{i}."
        state[p + "conv.weight"] = np.zeros((4, 4, 3, 3), np.float32)
        for leaf in ("weight", "bias", "running_mean", "running_var"):
            state[p + "bn." + leaf] = np.zeros(4, np.float32)
        state[p + "bn.num_batches_tracked"] = np.zeros((), np.int64)
        state[p + "act.weight"] = np.zeros(4, np.float32)
    for leaf in ("weight", "bias", "running_mean", "running_var"):
        state["frozen." + leaf] = np.zeros(4, np.float32)
    return state


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_map_only_conversion_types_every_module(target: str) -> None:
    tables = load_tables(target)
    result = translate_source(SOURCE, "net.py", tables)
    doc = build_weight_map(result.classes, set(result.translated), tables)
    # the source's default for norm_layer, recorded for the converter
    assert doc["classes"]["Block"]["attrs"]["bn"] == {"default": "torch.nn.BatchNorm2d"}
    out, plan = convert_state(_state(), doc, patterns=lambda key: layer_patterns(tables, key))
    assert not plan.unmapped, plan.unmapped
    assert "model class: Net" in plan.notes[0]
    renamed = {r.source: r.target for r in plan.renames}
    bn = tables.entries["torch.nn.BatchNorm2d"].weights
    prelu = tables.entries["torch.nn.PReLU"].weights
    # a 4-D weight is a conv, never a PReLU; the 1-D one next to a BatchNorm is the PReLU the source builds
    assert renamed["stem.weight"] == "stem.weight"
    assert renamed["stage.0.act.weight"] == f"stage.0.act.{prelu['weight'].name}"
    assert renamed["stage.1.bn.running_mean"] == f"stage.1.bn.{bn['running_mean'].name}"
    # four BN tensors without num_batches_tracked: the user's FrozenBN, its names kept
    assert {renamed[f"frozen.{leaf}"] for leaf in ("weight", "running_var")} == {"frozen.weight", "frozen.running_var"}


def test_layer_patterns_come_from_the_layer_itself() -> None:
    tables = load_tables("paddle")
    prelu = layer_patterns(tables, "torch.nn.PReLU")
    conv = layer_patterns(tables, "torch.nn.Conv2d")
    bn = layer_patterns(tables, "torch.nn.BatchNorm2d")
    assert prelu == [{"weight": 1}]
    assert {"weight": 4} in conv and {"weight": 4, "bias": 1} in conv  # bias=False flipped from the signature
    full = {"weight": 1, "bias": 1, "running_mean": 1, "running_var": 1, "num_batches_tracked": 0}
    assert full in bn and {k: v for k, v in full.items() if k != "num_batches_tracked"} not in bn


def test_batchnorm_2d_and_3d_are_told_apart_by_the_models_convolutions() -> None:
    # both are used in the package; the checkpoint's BatchNorm comes from a norm_layer passed in
    tables = load_tables("mindspore")
    source = textwrap.dedent("""\
        import torch.nn as nn


        class Video(nn.Module):
            def __init__(self):
                super().__init__()
                self.bn = nn.BatchNorm3d(4)
                self.bn2 = nn.BatchNorm2d(4)


        class Net(nn.Module):
            def __init__(self, norm):
                super().__init__()
                self.conv = nn.Conv2d(3, 4, 3)
                self.bn = norm(4)
        """)
    result = translate_source(source, "net.py", tables)
    doc = build_weight_map(result.classes, set(result.translated), tables)
    state = {"conv.weight": np.zeros((4, 3, 3, 3), np.float32), "conv.bias": np.zeros(4, np.float32)}
    state.update({f"bn.{leaf}": np.zeros(4, np.float32) for leaf in ("weight", "bias", "running_mean", "running_var")})
    state["bn.num_batches_tracked"] = np.zeros((), np.int64)
    _, plan = convert_state(state, doc, root="Net", patterns=lambda key: layer_patterns(tables, key))
    assert not plan.unmapped, plan.unmapped
    renamed = {r.source: r.target for r in plan.renames}
    assert renamed["bn.running_mean"] == "bn." + tables.entries["torch.nn.BatchNorm2d"].weights["running_mean"].name
    # MindSpore's BatchNorm3d is now a generated layer whose parameters are named like
    # BatchNorm2d's, so both readings rename alike; when they differ, the model's convolutions decide
    assert renamed["bn.weight"] == "bn." + tables.entries["torch.nn.BatchNorm3d"].weights["weight"].name


def test_table_patterns_are_kept_on_disk_per_table_content(tmp_path, monkeypatch) -> None:
    import translator.tables.loader as loader
    from translator.weights.evidence import table_patterns, tables_digest

    monkeypatch.setenv("TORCH2MS_CACHE_DIR", str(tmp_path))
    tables = load_tables("paddle")
    first = table_patterns("paddle")
    assert first("torch.nn.PReLU") == layer_patterns(tables, "torch.nn.PReLU")
    assert first("torch.nn.Conv2d") == layer_patterns(tables, "torch.nn.Conv2d")
    assert len(list(tmp_path.glob("layer-patterns-paddle-*.json"))) == 1

    # the same tables again: read from the cache, the tables are not loaded
    def refuse(*args, **kwargs):
        raise AssertionError("tables loaded although the cache holds their patterns")

    monkeypatch.setattr(loader, "load_tables", refuse)
    monkeypatch.setattr("translator.tables.load_tables", refuse, raising=False)
    again = table_patterns("paddle")
    assert again("torch.nn.BatchNorm2d") == layer_patterns(tables, "torch.nn.BatchNorm2d")

    # other table content: another cache file (so the stale one is never read)
    copy = tmp_path / "tables"
    shutil.copytree(loader.TABLES_DIR, copy)
    (copy / "paddle" / "zz_extra.yaml").write_text("entries: {}\n", encoding="utf-8")
    assert tables_digest("paddle", copy) != tables_digest("paddle", loader.TABLES_DIR)
