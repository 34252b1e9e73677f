"""Property test: random module sources built from a small grammar of torch code.

Modules mix layer constructions (random positional/keyword split, keyword order, comments,
blank lines and line breaks inside calls), torch function calls, tensor-method chains, classes
with ``forward`` and plain Python. For both targets the translation must compile, keep every
line the grammar marks as torch-free unchanged and in order, keep every comment, and be
idempotent.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache

import pytest
from _robustness import TARGETS, check_untouched_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.engine import translate_source
from translator.tables.loader import load_tables
from translator.tables.schema import Tables

# layer -> (required parameters with a value strategy, optional parameters with one)
INT = st.integers(1, 64).map(str)
SMALL = st.integers(0, 3).map(str)
BOOL = st.sampled_from(["True", "False"])
FLOAT = st.sampled_from(["0.1", "0.5", "1e-05", "0.9"])
LAYERS: dict[str, tuple[list[tuple[str, st.SearchStrategy[str]]], list[tuple[str, st.SearchStrategy[str]]]]] = {
    "nn.Conv2d": ([("in_channels", INT), ("out_channels", INT), ("kernel_size", st.sampled_from(["1", "3", "(3, 3)"]))],
                  [("stride", st.sampled_from(["1", "2"])), ("padding", st.sampled_from(["0", "1", "(1, 1)"])),
                   ("dilation", st.sampled_from(["1", "2"])), ("groups", st.just("1")), ("bias", BOOL),
                   ("padding_mode", st.just("'zeros'"))]),
    "nn.BatchNorm2d": ([("num_features", INT)],
                       [("eps", FLOAT), ("momentum", FLOAT), ("affine", BOOL), ("track_running_stats", BOOL)]),
    "nn.ReLU": ([], [("inplace", BOOL)]),
    "nn.Linear": ([("in_features", INT), ("out_features", INT)], [("bias", BOOL)]),
    "nn.MaxPool2d": ([("kernel_size", st.sampled_from(["2", "3"]))],
                     [("stride", st.sampled_from(["1", "2"])), ("padding", SMALL)]),
    "nn.AvgPool2d": ([("kernel_size", st.sampled_from(["2", "3"]))], [("stride", st.sampled_from(["1", "2"]))]),
    "nn.AdaptiveAvgPool2d": ([("output_size", st.sampled_from(["1", "(1, 1)", "7"]))], []),
    "nn.Dropout": ([], [("p", FLOAT), ("inplace", BOOL)]),
    "nn.Flatten": ([], [("start_dim", st.just("1")), ("end_dim", st.just("-1"))]),
    "nn.Sigmoid": ([], []),
    "nn.Identity": ([], []),
}
FUNCTION_CALLS = [
    "torch.cat([x, x], dim=1)", "torch.cat((x, x), 1)", "F.relu(x)", "F.relu(x, inplace=True)",
    "torch.flatten(x, 1)", "torch.zeros(2, 3)", "torch.ones_like(x)", "F.softmax(x, dim=-1)",
    "torch.sigmoid(x)", "F.max_pool2d(x, 2)", "F.interpolate(x, scale_factor=2)", "torch.matmul(x, x)",
    "torch.stack([x, x])", "F.dropout(x, p=0.5, training=self_training)", "torch.tanh(x)",
]
TENSOR_METHODS = [
    "x.view(x.size(0), -1)", "x.size(1)", "x.transpose(1, 2)", "x.permute(0, 2, 1)", "x.flatten(1)",
    "x.mean(dim=1)", "x.sum(1, keepdim=True)", "x.contiguous()", "x.unsqueeze(0)", "x.squeeze()",
    "x.reshape(2, -1)", "x.float()", "x.detach()", "x.view(-1)", "x.size()",
]
PLAIN_STATEMENTS = [
    "counter = 0", "names = ['a', 'b']", "scale = 2 ** 3", "text = 'no torch here'",
    "pairs = {k: v for k, v in zip('ab', 'cd')}", "value = max(1, 2) + min(3, 4)",
]


@dataclass
class Source:
    """Lines of a generated module, each marked torch-related (may change) or not."""

    lines: list[tuple[str, bool]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    # comments between the last two arguments of a call: lost when the last argument is dropped,
    # a known bug pinned by test_robustness_rewrite_bugs.py::test_comment_before_deleted_last_argument_survives
    fragile: set[str] = field(default_factory=set)
    counter: int = 0

    def add(self, text: str, torch: bool) -> None:
        self.lines.append((text, torch))

    def comment(self, fragile: bool = False) -> str:
        self.counter += 1
        text = f"# c{self.counter}"
        self.comments.append(text)
        if fragile:
            self.fragile.add(text)
        return text

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line, _ in self.lines)

    def changeable(self) -> set[int]:
        return {i for i, (_, torch) in enumerate(self.lines, start=1) if torch}


@st.composite
def layer_call(draw: st.DrawFn, src: Source, indent: str) -> list[str]:
    """A layer construction, possibly spread over lines with comments; returns its lines."""
    name = draw(st.sampled_from(sorted(LAYERS)))
    required, optional = LAYERS[name]
    values = [(p, draw(s)) for p, s in required]
    chosen = draw(st.lists(st.sampled_from(range(len(optional))), unique=True)) if optional else []
    values += [(optional[i][0], draw(optional[i][1])) for i in sorted(chosen)]
    # a prefix of the signature may be passed positionally (only while no parameter is skipped)
    signature = [p for p, _ in required] + [p for p, _ in optional]
    n_positional = 0
    while n_positional < len(values) and values[n_positional][0] == signature[n_positional]:
        n_positional += 1
    n_positional = draw(st.integers(0, n_positional))
    positional = [v for _, v in values[:n_positional]]
    keywords = [f"{p}={v}" for p, v in values[n_positional:]]
    keywords = draw(st.permutations(keywords)) if keywords else []
    args = positional + list(keywords)
    if not args or not draw(st.booleans()):
        return [f"{name}({', '.join(args)})"]
    lines = [f"{name}(" + (f"  {src.comment()}" if draw(st.booleans()) else "")]
    for i, arg in enumerate(args):
        last = i == len(args) - 1
        if draw(st.integers(0, 4)) == 0:
            lines.append(f"{indent}    {src.comment(fragile=last and i > 0)}")
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
        comma = "," if i < len(args) - 1 or draw(st.booleans()) else ""
        tail = f"  {src.comment(fragile=i == len(args) - 2)}" if draw(st.booleans()) else ""
        lines.append(f"{indent}    {arg}{comma}{tail}")
    lines.append(f"{indent})" + (f"  {src.comment()}" if draw(st.booleans()) else ""))
    return lines


def emit_assignment(src: Source, target: str, call_lines: list[str], indent: str) -> None:
    first, *rest = call_lines
    src.add(f"{indent}{target} = {first}", True)
    for line in rest:
        src.add(line, True)


@st.composite
def plain_block(draw: st.DrawFn, src: Source, indent: str) -> None:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        src.add("", False)
    elif kind == 1:
        src.add(f"{indent}{src.comment()} plain comment", False)
    else:
        src.add(f"{indent}{draw(st.sampled_from(PLAIN_STATEMENTS))}", False)


@st.composite
def module_source(draw: st.DrawFn) -> Source:
    src = Source()
    src.add('"""Generated module."""', False)
    src.add("import os", False)
    for line in draw(st.permutations(["import torch", "import torch.nn as nn", "import torch.nn.functional as F"])):
        src.add(line, True)
    src.add("", False)
    for i in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            emit_assignment(src, f"layer{i}", draw(layer_call(src, "")), "")
        elif kind == 1:
            src.add("", False)
            src.add(f"def helper{i}(a, b):", False)
            src.add(f"    {src.comment()} helper body", False)
            src.add("    return a + b * 2", False)
        elif kind == 2:
            src.add("", False)
            src.add(f"def func{i}(x, self_training=True):", False)
            for j in range(draw(st.integers(1, 3))):
                expr = draw(st.sampled_from(FUNCTION_CALLS + TENSOR_METHODS))
                src.add(f"    y{j} = {expr}", True)
                draw(plain_block(src, "    "))
            src.add("    return x", False)
        elif kind == 3:
            emit_class(draw, src, i)
        else:
            draw(plain_block(src, ""))
    src.add("", False)
    src.add("print(os.sep)", False)
    return src


def emit_class(draw: st.DrawFn, src: Source, i: int) -> None:
    src.add("", False)
    src.add("", False)
    src.add(f"class Net{i}(nn.Module):", True)
    src.add("    def __init__(self):", False)
    src.add("        super().__init__()", True)
    n = draw(st.integers(1, 4))
    for j in range(n):
        emit_assignment(src, f"self.l{j}", draw(layer_call(src, "        ")), "        ")
        if draw(st.booleans()):
            draw(plain_block(src, "        "))
    src.add("        self.count = 0", False)
    src.add("", False)
    src.add("    def forward(self, x):", True)
    for j in range(n):
        src.add(f"        x = self.l{j}(x)", False)
        if draw(st.booleans()):
            expr = draw(st.sampled_from(TENSOR_METHODS + FUNCTION_CALLS))
            src.add(f"        x = {expr}", True)
    src.add("        return x", False)


@cache
def tables(target: str) -> Tables:
    return load_tables(target)


def _translate(text: str, target: str) -> str:
    result = translate_source(text, "generated.py", tables(target))
    assert result.status != "failed", "\n".join(map(str, result.diagnostics)) + "\n" + text
    assert result.code is not None
    return result.code


@pytest.mark.parametrize("target", TARGETS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(src=module_source())
def test_random_modules_translate_safely(target: str, src: Source) -> None:
    text = src.text
    ast.parse(text)  # the generator itself must produce valid code
    out = _translate(text, target)
    ast.parse(out)
    check_untouched_lines(text, out, src.changeable())
    for comment in set(src.comments) - src.fragile:
        assert re.search(re.escape(comment) + r"\b", out), f"{comment} lost:\n{text}\n---\n{out}"
    again = _translate(out, target)
    assert again == out, f"not idempotent:\n{out}\n---\n{again}"
