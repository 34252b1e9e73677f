"""One interpreter of argument specs: in-place call edits, adapters and entry transforms agree."""

from __future__ import annotations

import ast
from functools import cache

import pytest

from translator.binding import bind
from translator.engine import translate_source
from translator.tables.loader import load_tables
from translator.tables.schema import Tables
from translator.transforms.base import ArgTransform, EntryTransform


@cache
def tables(target: str) -> Tables:
    return load_tables(target)


def translate(source: str, target: str) -> str:
    result = translate_source(source, "case.py", tables(target))
    assert result.code is not None and not result.todos, (result.diagnostics, result.todos)
    return result.code


@pytest.mark.parametrize(("target", "source", "torch_only"), [
    # an only: argument without name: means nothing to the target, through an entry transform too
    ("paddle", "import torch\ny = torch.zeros(2, 3, out=None)\n", "out"),
    ("mindspore", "import torch\nv, i = torch.sort(x, stable=False)\n", "stable"),
])
def test_only_argument_without_name_is_dropped_everywhere(target, source, torch_only):
    code = translate(source, target)
    assert f"{torch_only}=" not in code, code


def test_zeros_out_none_paddle_exact():
    assert translate("import torch\ny = torch.zeros(2, 3, out=None)\n", "paddle") == \
        "import paddle\ny = paddle.zeros((2, 3))\n"


class _Recorder:
    """An emitter that records what a transform asked for."""

    def __init__(self) -> None:
        self.refs: list[str] = []
        self.helpers: list[str] = []

    def ref(self, dotted: str) -> str:
        self.refs.append(dotted)
        return dotted.rsplit(".", 1)[-1]

    def helper(self, name: str, code: str) -> str:
        self.helpers.append(name)
        return name

    def keywords(self, call, skip=()):
        return []

    def arguments(self, call, lead=(), skip=()):
        return ", ".join(lead)

    def counterpart(self, torch_name):
        return torch_name


def _bound(key: str, call: str):
    entry = tables("mindspore").entries[key]
    node = ast.parse(call, mode="eval").body
    return bind(entry, node, ast.unparse)


def test_transform_written_before_the_emitter_still_works():
    """``fn(call)`` using ``call.ref`` / ``call.helper``: wrapped, and served by the emitter."""
    legacy = EntryTransform("legacy", lambda call: f"{call.helper('h', 'def h(): pass')}({call.ref('a.b.c')})")
    emit = _Recorder()
    assert legacy.fn(_bound("torch.zeros", "torch.zeros(2)"), emit) == "h(c)"
    assert emit.refs == ["a.b.c"] and emit.helpers == ["h"]
    legacy_arg = ArgTransform("legacy_arg", lambda call, name: {name: call.ref("x.y")})
    assert legacy_arg.fn(_bound("torch.zeros", "torch.zeros(2)"), "dtype", emit) == {"dtype": "y"}


def test_former_render_arguments_still_serves_a_legacy_transform():
    from translator.transforms.base import render_arguments

    legacy = EntryTransform("legacy", lambda call: f"{call.ref('m.f')}({render_arguments(call, ['x'])})")
    assert legacy.fn(_bound("torch.zeros", "torch.zeros(2)"), _Recorder()) == "f(x)"


def test_transform_with_emitter_is_called_as_is():
    def fn(call, emit):
        return emit.ref("m.f")
    assert EntryTransform("new", fn).fn is fn
