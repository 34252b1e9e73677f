"""Rewrite bugs found by the robustness work, each pinned by the test that found it.

Each test is a minimal input with the behaviour it must have; the reason names where it goes
wrong. When a fix lands the test starts passing and strict=True makes it fail: drop the mark.
"""

from __future__ import annotations

import ast
from functools import cache

import pytest

from translator.engine import translate_source
from translator.tables.loader import load_tables
from translator.tables.schema import Tables


@cache
def tables(target: str) -> Tables:
    return load_tables(target)


def translate(source: str, target: str = "mindspore") -> str:
    result = translate_source(source, "case.py", tables(target))
    assert result.code is not None, result.diagnostics
    return result.code


def _keywords_without_todo(out: str, line_text: str) -> set[str]:
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if line_text in line)
    if i > 0 and "TODO(torch2ms)" in lines[i - 1]:
        return set()
    call = ast.parse(lines[i].strip()).body[0].value
    return {k.arg for k in call.keywords if k.arg}


@pytest.mark.parametrize(("call", "torch_only"), [
    ("nn.BatchNorm2d(4, track_running_stats=True)", "track_running_stats"),
    ("nn.Conv2d(3, 8, 3, padding_mode='zeros')", "padding_mode"),
])
def test_allowed_only_argument_not_passed_to_target(call: str, torch_only: str) -> None:
    out = translate(f"import torch.nn as nn\n\nlayer = {call}\n")
    assert torch_only not in _keywords_without_todo(out, "layer = "), out



@pytest.mark.parametrize("source", [
    "layer = nn.Dropout(\n    0.1,\n    # keep me\n    inplace=True\n)\n",
    "layer = nn.Dropout(0.1,  # keep me\n    inplace=True)\n",
], ids=["own-line", "trailing"])
def test_comment_before_deleted_last_argument_survives(source: str) -> None:
    out = translate("import torch.nn as nn\n\n" + source)  # MindSpore Dropout has no inplace: dropped
    assert "inplace" not in out, out
    assert "# keep me" in out, out
