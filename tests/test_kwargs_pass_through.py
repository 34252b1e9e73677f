"""``**kwargs`` in a translated call: passed on only where every torch parameter it may hold keeps its
keyword and meaning in the target (translator/rewrite/calls.py)."""

from __future__ import annotations

import pytest

from tests.translate_helpers import tables
from translator.engine import translate_source

CALL = """\
import torch.nn as nn


def build(n, eps=1e-6, affine=True, **kwargs):
    return nn.{layer}({args}, **kwargs)
"""

SUBCLASS = """\
import torch.nn as nn


class Norm(nn.{layer}):
    def __init__(self, n, eps=1e-6, affine=True, **kwargs):
        super().__init__({args}, **kwargs)
"""


def _translate(template: str, layer: str, args: str, target: str):
    return translate_source(template.format(layer=layer, args=args), "case.py", tables(target))


@pytest.mark.parametrize("template", [CALL, SUBCLASS])
def test_identity_mapped_parameters_pass_kwargs_on(template):
    # paddle.nn.LayerNorm takes every torch argument under torch's name (device, dtype, bias too)
    result = _translate(template, "LayerNorm", "n, eps=eps, elementwise_affine=affine", "paddle")
    assert not result.todos, result.todos
    assert "(n, eps=eps, elementwise_affine=affine, **kwargs)" in result.code


@pytest.mark.parametrize(("target", "layer", "args"), [
    # paddle GroupNorm: bias (not given, so possibly in kwargs) is paddle's bias_attr
    ("paddle", "GroupNorm", "2, n, eps=eps, affine=affine"),
    # MindSpore LayerNorm: dtype is allowed only as None, bias only True
    ("mindspore", "LayerNorm", "n, eps=eps"),
])
def test_a_renamed_or_checked_parameter_left_to_kwargs_derives_from_the_adapter(target, layer, args):
    # a plain call goes through a generated adapter taking torch's arguments; a subclass whose
    # super().__init__ passes such **kwargs derives from that adapter and keeps its call as it is
    # (tests/test_adapter_base.py runs it)
    result = _translate(SUBCLASS, layer, args, target)
    assert not result.todos, result.todos
    assert f"class Norm(TorchArgs{layer}):" in result.code
    assert f"super().__init__({args}, **kwargs)" in result.code
    plain = _translate(CALL, layer, args, target)
    assert not plain.todos and f"TorchArgs{layer}({args}, **kwargs)" in plain.code, plain.code


def test_a_renamed_parameter_given_explicitly_does_not_block_kwargs():
    # bias is paddle GroupNorm's bias_attr and eps its epsilon, but both are given: kwargs cannot
    # hold them, and what it can hold (device, dtype) paddle takes under torch's names
    result = _translate(SUBCLASS, "GroupNorm", "2, n, eps=eps, affine=affine, bias=True", "paddle")
    assert not result.todos, result.todos
    assert "epsilon=eps" in result.code and "**kwargs)" in result.code


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_a_signature_of_its_own_kwargs_passes_them_on(target):
    # smp's Attention: nn.Identity(**params); torch's Identity(*args, **kwargs) ignores them, and
    # both targets' Identity takes (*args, **kwargs) as the table maps it
    result = translate_source("import torch.nn as nn\n\n\ndef build(**params):\n    return nn.Identity(**params)\n",
                              "case.py", tables(target))
    assert not result.todos, result.todos
    assert "return nn.Identity(**params)" in result.code
