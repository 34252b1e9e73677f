"""Attributes of torch modules read by name on any object (``self._modules``): the target spells
them differently (``_cells`` on a MindSpore Cell) or has none. Like a method call, the receiver's
type is unknown statically, so only files that import torch are rewritten (``kind: attribute``
entries)."""

from __future__ import annotations

import ast

from translator.rewrite.context import FileContext


def rename_module_attribute(ctx: FileContext, node: ast.Attribute) -> tuple[str, str] | None:
    """Rename ``node.attr`` as its attribute entry says; ``(api, reason)`` for a TODO when the
    target has no counterpart."""
    entry = ctx.tables.attributes.get(node.attr) if ctx.names.uses_torch else None
    if entry is None:
        return None
    if entry.unsupported:
        return entry.key, entry.unsupported
    if entry.target != node.attr:
        end = ctx.source.span(node)[1]
        ctx.edits.replace(end - len(node.attr), end, entry.target)
    ctx.record_use(entry.key, node)
    return None
