"""Where a class's methods assign ``self.<attr>``: what both the Linear layout analysis and the
weight map read, so they agree on which assignments type an attribute."""

from __future__ import annotations

import ast
from collections.abc import Iterator


def self_attr(node: ast.AST) -> str | None:
    """``attr`` when ``node`` is ``self.attr``."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return node.attr
    return None


def self_assignments(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[tuple[str, ast.expr]]:
    """Each ``self.attr = value`` (or annotated) in ``fn``, nested blocks included; ``= None``
    is skipped: it declares an optional member, it does not type one."""
    for node in ast.walk(fn):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                attr = self_attr(t)
                if attr is None or (isinstance(node.value, ast.Constant) and node.value.value is None):
                    continue
                yield attr, node.value
