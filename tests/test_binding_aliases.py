"""Arguments torch's parser takes under other names bind like the canonical ones.

torch's builtins accept numpy's names (python_arg_parser.cpp: ``axis`` for ``dim``, ``keepdims``
for ``keepdim``, ``x``/``a``/``x1`` for ``input``, ``x2`` for ``other``); the table examples run
such calls in torch and in each target (torch.stack(xs, axis=0), x.sum(axis=-1, keepdims=True),
torch.abs(x=y)). These tests pin the binding itself.
"""

from __future__ import annotations

import ast

import pytest

from translator.engine import translate_source
from translator.tables import load_tables
from translator.transforms.base import NeedsTodo as BindError  # binding's BindError is one


def _bound(target: str, key: str, code: str):
    # imported here: translator.binding imported before the tables runs into an import cycle
    # (binding -> tables -> transforms -> binding) that is not this test's subject
    from translator.binding import bind

    entry = load_tables(target).entries[key]
    call = ast.parse(code, mode="eval").body
    return bind(entry, call, ast.unparse)


@pytest.mark.parametrize(("key", "code", "name", "value"), [
    ("torch.stack", "torch.stack(xs, axis=0)", "dim", "0"),
    ("torch.sum", "torch.sum(t, axis=1, keepdims=True)", "keepdim", "True"),
    ("torch.abs", "torch.abs(input=t)", "input", "t"),
    ("torch.abs", "torch.abs(x=t)", "input", "t"),
    ("torch.abs", "torch.abs(a=t)", "input", "t"),
    ("Tensor.sum", "t.sum(axis=-1)", "dim", "-1"),
])
def test_alias_binds_as_canonical(key, code, name, value):
    bound = _bound("mindspore", key, code)
    assert bound.given(name) and bound.text(name) == value


def test_alias_and_canonical_together_is_an_error():
    with pytest.raises(BindError, match="given twice"):
        _bound("mindspore", "torch.stack", "torch.stack(xs, dim=0, axis=0)")


def test_alias_only_for_a_parameter_the_api_has():
    with pytest.raises(BindError, match="unknown argument 'keepdims'"):
        _bound("mindspore", "torch.stack", "torch.stack(xs, keepdims=True)")


def test_layers_take_no_aliases():
    """torch's layers are Python classes: nn.Softmax(axis=1) is a TypeError in torch, left a TODO."""
    with pytest.raises(BindError):
        _bound("mindspore", "torch.nn.Softmax", "nn.Softmax(axis=1)")


@pytest.mark.parametrize(("target", "expected"), [
    ("mindspore", "y = ops.sum(x, dim=1, keepdim=True) + x.sum(dim=0)\n"),
    ("paddle", "y = paddle.sum(x, axis=1, keepdim=True) + x.sum(axis=0)\n"),
])
def test_alias_keyword_is_renamed_in_place(target, expected):
    """The keyword as written (``axis``) is what the rewrite replaces, not the canonical name."""
    src = "import torch\ny = torch.sum(x, axis=1, keepdims=True) + x.sum(axis=0)\n"
    result = translate_source(src, "<test>", load_tables(target))
    assert not result.todos
    assert result.code.splitlines()[-1] + "\n" == expected
