"""Decorators with a table entry: removed (``@torch.jit.ignore`` means nothing outside
TorchScript) or replaced by the entry's target."""

from __future__ import annotations

import ast
from collections.abc import Callable

from translator.rewrite.context import FileContext
from translator.tables.schema import Entry


def decorator_entry(d: ast.expr, resolve: Callable[[ast.AST], str | None],
                    entries: dict[str, Entry]) -> tuple[ast.expr, str, Entry] | None:
    """The decorator's reference, qualified name and entry, when a table says what to do with it."""
    ref = d.func if isinstance(d, ast.Call) else d
    qualified = resolve(ref)
    entry = entries.get(qualified) if qualified else None
    if entry is None or entry.decorator is None:
        return None
    return ref, qualified, entry


def rewrite_decorator(ctx: FileContext, d: ast.expr, entry: Entry) -> bool:
    """Remove or replace ``d``; False when it shares its line with other code (left alone)."""
    if entry.decorator == "remove":
        src = ctx.source
        at = src.offset(d.lineno, d.col_offset) - 1  # the "@"
        start, end = src.line_start(d.lineno), src.line_end(d.end_lineno)
        after = src.data[src.span(d)[1]:end].strip()
        if src.data[start:at].strip() or (after and not after.startswith(b"#")):
            return False
        ctx.edits.replace(start, end, "")
    else:
        ctx.edits.replace(*ctx.source.span(d), ctx.ref(entry.decorator))
    ctx.consume(d)
    return True
