"""Adapters only where run-time values need them: a layer passed as a value or called through
*args/**kwargs gets one; an annotation, an isinstance check and a literal call use the target
class itself."""

from __future__ import annotations

import textwrap
from functools import cache

import pytest

from translator.engine import translate_source
from translator.tables.loader import load_tables
from translator.tables.schema import Tables

TARGET_CONV = {"mindspore": "nn.Conv2d", "paddle": "nn.Conv2D"}


@cache
def tables(target: str) -> Tables:
    return load_tables(target)


def translate(source: str, target: str) -> str:
    result = translate_source(textwrap.dedent(source), "case.py", tables(target))
    assert result.code is not None, result.diagnostics
    return result.code


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_annotations_and_type_checks_name_the_target_class(target: str) -> None:
    code = translate("""\
        import torch.nn as nn
        from torch.nn import Conv2d


        def conv1x1(inp: int, out: int, stride: int = 1) -> Conv2d:
            return nn.Conv2d(inp, out, kernel_size=1, stride=stride, bias=False)


        def first(layers: list[nn.Conv2d]) -> "nn.Conv2d":
            conv: nn.Conv2d = layers[0]
            return conv if isinstance(conv, (nn.Conv2d, nn.Linear)) else None
    """, target)
    assert "TorchArgs" not in code, code
    conv = TARGET_CONV[target]
    assert f"-> {conv}:" in code, code
    assert f"list[{conv}]" in code and f"conv: {conv} =" in code, code
    assert f"isinstance(conv, ({conv}, " in code, code


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_values_and_star_calls_get_an_adapter(target: str) -> None:
    code = translate("""\
        import torch.nn as nn


        def make(c, norm_layer=nn.BatchNorm2d, **kwargs):
            return nn.Sequential(norm_layer(c), nn.Conv2d(c, c, 3, **kwargs))
    """, target)
    assert "norm_layer=TorchArgsBatchNorm2d" in code, code
    assert "TorchArgsConv2d(c, c, 3, **kwargs)" in code, code
