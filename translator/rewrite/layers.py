"""Torch layer attributes renamed where the layer's type is known: ``m.weight`` is ``m.gamma``
on a MindSpore BatchNorm, inside ``if isinstance(m, nn.BatchNorm2d):``, on ``self`` of a layer
subclass, and on ``self.bn`` that the class assigned itself."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

from translator.names import dotted
from translator.rewrite.classes import ClassFrame
from translator.rewrite.context import FileContext
from translator.tables.schema import Entry
from translator.transforms.base import parenthesize
from translator.weight_map import ClassFacts


def isinstance_narrowing(test: ast.AST, resolve: Callable[[ast.AST], str | None],
                         entries: Mapping[str, Entry]) -> dict[str, list[Entry]]:
    """``isinstance(m, nn.BatchNorm2d)`` (or a tuple of layers) → {"m": [entry, ...]}; the
    checked object may be an attribute chain too (``isinstance(self.conv_proj, nn.Conv2d)``)."""
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance"
            and len(test.args) == 2 and dotted(test.args[0]) is not None):
        return {}
    classes = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
    found = []
    for c in classes:
        q = resolve(c)
        entry = entries.get(q) if q else None
        if entry is None or entry.kind != "layer":
            return {}
        found.append(entry)
    return {dotted(test.args[0]): found}


def layer_types(node: ast.Attribute, narrowed: Mapping[str, list[Entry]], frame: ClassFrame | None,
                facts: Mapping[str, ClassFacts], entries: Mapping[str, Entry]) -> list[Entry]:
    """The torch layers ``node.value`` is known to be."""
    value = node.value
    if dotted(value) in narrowed:
        return narrowed[dotted(value)]
    if isinstance(value, ast.Name) and value.id == "self" and frame is not None and frame.layer_base is not None:
        return [frame.layer_base]  # a subclass of a torch layer reading its own
    if (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
            and value.value.id == "self" and frame is not None):
        own = facts.get(frame.node.name)
        ref = own.attrs.get(value.attr) if own else None
        if isinstance(ref, str) and ref in entries:
            return [entries[ref]]
    return []


def rename_attribute(ctx: FileContext, node: ast.Attribute, layers: list[Entry]) -> str | None:
    """Rename ``node.attr`` as the layers' entries say; the reason when they disagree."""
    names = {e.attribute_renames().get(node.attr, node.attr) for e in layers}
    if len(names) > 1:
        return (f"means {' / '.join(sorted(names))} on "
                f"{' / '.join(e.short for e in layers)} in {ctx.tables.target.name}")
    new = names.pop()
    if "{receiver}" in new:
        # an expression, not a name (paddle.nn.Linear has no in_features: its weight's shape says)
        if not isinstance(node.ctx, ast.Load):
            return None  # set as a plain attribute (TorchLinear's own), which the read's getattr finds
        if new.count("{receiver}") > 1 and any(isinstance(n, ast.Call) for n in ast.walk(node.value)):
            return f"is {new.format(receiver='m')} in {ctx.tables.target.name}: name the layer first"
        receiver = parenthesize(ctx.edits.node_text(node.value))
        ctx.edits.replace(*ctx.source.span(node), new.format(receiver=receiver))
        ctx.record_use(f"{layers[0].key}.{node.attr}", node)
        return None
    if new != node.attr:
        end = ctx.source.span(node)[1]
        ctx.edits.replace(end - len(node.attr), end, new)
        ctx.record_use(f"{layers[0].key}.{node.attr}", node)
    return None
