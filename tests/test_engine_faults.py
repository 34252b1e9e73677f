"""Smaller faults of the engine, each pinned: name clashes with non-torch imports, programming
errors that must surface, the loader's exemption for transform entries."""

from __future__ import annotations

from functools import cache

import pytest

from translator.engine import translate_source
from translator.tables.loader import load_tables
from translator.tables.schema import Tables
from translator.transforms import ENTRY_TRANSFORMS
from translator.transforms.base import EntryTransform


@cache
def tables(target: str) -> Tables:
    return load_tables(target)


def test_torchvision_import_is_not_torch_and_keeps_its_name():
    source = "from torchvision import ops\nimport torch\ny = torch.cat([a, b])\nz = ops.nms(b, s, 0.5)\n"
    result = translate_source(source, "a.py", tables("mindspore"))
    assert "ops.cat" not in result.code.replace("ms.ops.cat", ""), result.code
    assert "from torchvision import ops\n" in result.code
    assert "z = ops.nms(b, s, 0.5)\n" in result.code


def test_user_names_taking_every_alias_fail_the_file_with_a_reason():
    source = "import torch\nms = 1\nops = 2\ny = torch.cat([a, b])\n"
    result = translate_source(source, "a.py", tables("mindspore"))
    assert result.status == "failed" and result.code is None
    assert "alias" in result.diagnostics[0].message and "internal error" not in result.diagnostics[0].message


def test_programming_error_in_a_transform_surfaces(monkeypatch):
    def broken(call, emit):
        return {}["missing"]

    monkeypatch.setitem(ENTRY_TRANSFORMS, "dims_to_shape_tuple", EntryTransform("dims_to_shape_tuple", broken))
    with pytest.raises(KeyError):
        translate_source("import torch\ny = torch.zeros(2, 3)\n", "a.py", tables("mindspore"))


def test_transform_entry_need_not_decide_every_argument(tmp_path):
    table = tmp_path / "mine.yaml"
    table.write_text(
        "entries:\n"
        "  torch.my_identity:\n"
        "    kind: call\n"
        "    signature: (input, scale=1.0, *, out=None)\n"
        "    transform: first_argument\n"
    )
    entry = load_tables("mindspore", [table]).entries["torch.my_identity"]
    assert entry.transform == "first_argument" and entry.args == {}
