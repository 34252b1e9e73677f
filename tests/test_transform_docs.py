"""Every transform's docstring examples are run: ``before  →  after`` lines that are whole
expressions are translated (entry and argument transforms) or passed to the transform (value
transforms) and must give ``after``; ``→  TODO`` must leave a TODO, ``→  unchanged`` the code.

Example lines that describe an argument in words ("padding omitted  →  pad_mode='valid'") are
documentation only; ``test_most_examples_run`` keeps them a minority.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path

import pytest

import translator.transforms as transforms_package
from translator.diagnostics import NeedsTodo
from translator.engine import translate_source
from translator.tables.loader import TABLES_DIR, available_targets, load_tables
from translator.tables.schema import Tables
from translator.transforms.base import ValueTransform

HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
_EXAMPLE = re.compile(r"^\s{4}(\S.*?)\s+→\s+(\S.*?)\s*$")


@cache
def tables(target: str) -> Tables:
    return load_tables(target)


def _targets_using(name: str) -> list[str]:
    used = re.compile(rf"\b(transform:\s*{re.escape(name)})\b")
    return [t for t in available_targets()
            if any(used.search(p.read_text()) for p in (TABLES_DIR / t).glob("*.yaml"))]


def _expression(text: str) -> ast.expr | None:
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError:
        return None


def _examples() -> list[tuple[str, object, str, str]]:
    """(module, transform, before, after) for every example line of every transform docstring."""
    out = []
    for info in pkgutil.iter_modules(transforms_package.__path__):
        module = importlib.import_module(f"{transforms_package.__name__}.{info.name}")
        found = [v for v in vars(module).values() if type(v).__name__.endswith("Transform")
                 and type(v).__module__ == "translator.transforms.base"]
        for transform in found:
            # example lines are indented one step more than the prose around them
            lines = [ln[4:] for ln in (getattr(transform.fn, "__doc__", None) or "").splitlines()[1:]
                     if ln.startswith("    ")]
            if len(found) == 1:  # a module of its own: the module's docstring may hold them
                lines += (module.__doc__ or "").splitlines()
            for line in lines:
                m = _EXAMPLE.match(line)
                if m:
                    # three spaces or more before a remark in parentheses: "→  f(x)   (why)"
                    after = re.split(r"\s{3,}\(", m.group(2))[0]
                    out.append((info.name, transform, m.group(1), after))
    return out


EXAMPLES = _examples()


def _is_value_example(transform: object, before: str) -> bool:
    """A value transform's example is a value, unless it is written as the whole torch call."""
    node = _expression(before)
    while isinstance(node, (ast.Call, ast.Attribute)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return isinstance(transform, ValueTransform) and not (
        isinstance(node, ast.Name) and node.id in ("torch", "nn", "F") and isinstance(_expression(before), ast.Call))


def _runnable(transform: object, before: str, after: str) -> bool:
    if _expression(before) is None:
        return False
    if _is_value_example(transform, before):
        return after in ("TODO",) or _expression(after) is not None
    node = _expression(before)
    return isinstance(node, ast.Call) and (after.startswith(("TODO", "unchanged")) or _expression(after) is not None)


RUNNABLE = [e for e in EXAMPLES if _runnable(*e[1:])]


def _same(a: str, b: str) -> bool:
    return ast.dump(ast.parse(a.strip())) == ast.dump(ast.parse(b.strip()))


def _translated_line(code: str) -> tuple[str, bool]:
    """The example's statement in the output (helpers and imports around it), and whether a
    TODO comment stands above it."""
    lines = code.splitlines()
    i = next(i for i, ln in reversed(list(enumerate(lines))) if ln.startswith("y = "))
    return lines[i][len("y = "):], i > 0 and "TODO(torch2ms)" in lines[i - 1]


def _check(transform: object, before: str, after: str) -> str | None:
    """None when the example holds for some target using the transform, else what came out."""
    if _is_value_example(transform, before):
        try:
            got = transform.fn(before, _expression(before))
        except NeedsTodo:
            return None if after.startswith("TODO") else "TODO"
        return None if not after.startswith("TODO") and _same(got, after) else got
    outputs = []
    for target in _targets_using(transform.name):
        result = translate_source(f"{HEADER}y = {before}\n", "example.py", tables(target))
        assert result.code is not None, result.diagnostics
        got, todo = _translated_line(result.code)
        if after.startswith("TODO") and todo:
            return None
        if after.startswith("unchanged") and _same(got, before):
            return None
        if not after.startswith(("TODO", "unchanged")) and not todo and _same(got, after):
            return None
        outputs.append(f"{target}: {got}{' (TODO)' if todo else ''}")
    return "; ".join(outputs) or "no table uses this transform"


@pytest.mark.parametrize(("module", "transform", "before", "after"), RUNNABLE,
                         ids=[f"{m}:{b}" for m, _, b, _ in RUNNABLE])
def test_docstring_example(module: str, transform: object, before: str, after: str) -> None:
    got = _check(transform, before, after)
    assert got is None, f"{module}: {before}  →  documented {after}, got {got}"


def test_most_examples_run() -> None:
    assert len(RUNNABLE) >= len(EXAMPLES) // 2, (len(RUNNABLE), len(EXAMPLES))


def test_most_transforms_document_examples() -> None:
    documented = {t.name for _, t, *_ in EXAMPLES}
    from translator.transforms import ARG_TRANSFORMS, ENTRY_TRANSFORMS, VALUE_TRANSFORMS
    every = {*ARG_TRANSFORMS, *ENTRY_TRANSFORMS, *VALUE_TRANSFORMS}
    assert len(documented) >= len(every) * 2 // 3, sorted(every - documented)


def test_package_has_transforms() -> None:
    assert Path(transforms_package.__file__).parent.is_dir() and EXAMPLES
