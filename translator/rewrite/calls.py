"""Rewrite one bound call by its table entry, with the smallest edits that do it.

Arguments that stay are not re-printed: a positional argument that must become a keyword gets
``name=`` inserted, a renamed keyword gets its name replaced, a dropped one is cut with its comma.
Comments between arguments therefore survive.
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.diagnostics import NeedsTodo
from translator.rewrite.arguments import target_arguments
from translator.rewrite.context import FileContext
from translator.rewrite.emitter import FileEmitter
from translator.transforms import ENTRY_TRANSFORMS
from translator.transforms.base import Emitter


def _same_source(a: str, b: str) -> bool:
    try:
        return ast.dump(ast.parse(a.strip(), mode="eval")) == ast.dump(ast.parse(b.strip(), mode="eval"))
    except SyntaxError:
        return a.strip() == b.strip()


def check_supported(bound: BoundCall) -> None:
    """Raise NeedsTodo for an argument the target cannot honour."""
    entry = bound.entry
    if entry.unsupported:
        raise NeedsTodo(entry.unsupported)
    for name, spec in entry.args.items():
        value = bound.values.get(name)
        if value is None or not value.given:
            continue
        if spec.action == "unsupported":
            raise NeedsTodo(f"argument {name!r}: {spec.reason}")
        if spec.action == "only" and not any(_same_source(value.text, o) for o in spec.only):
            raise NeedsTodo(f"{name}={value.text}: {spec.reason}")


def plan_arguments(bound: BoundCall, emit: Emitter) -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    """What to do with each given torch argument, and which keywords to add, as the entry's
    specs say (rewrite/arguments.py).

    Returns ``changes`` (torch name -> new keyword name, "" to keep positional, None to drop)
    with value rewrites folded into ``bound.values[...].text``, and the keywords to append.
    """
    entry = bound.entry
    for param in entry.params:
        if param.star and param.name in bound.values and bound.values[param.name].keyword is not None:
            raise NeedsTodo(f"{param.name}= given by keyword: pass the values positionally")
    changes: dict[str, str | None] = {
        p.name: None for p in entry.params if not p.star and bound.values[p.name].given}
    added: list[tuple[str, str]] = []
    for arg in target_arguments(bound, emit):
        value = arg.value
        if value is None:
            added.append((arg.name, arg.text))
            continue
        if arg.transformed:
            value.text = arg.text
            value.node = None  # marks the value text as replaced
        changes[arg.source] = "" if value.position is not None and value.position < entry.positional else arg.name
    # a positional argument that is cut (dropped or re-emitted as keywords) would let the next
    # one slide into its place: everything after the first cut goes by keyword
    cut = min((bound.values[n].position for n, new in changes.items()
               if new is None and bound.values[n].position is not None), default=None)
    if cut is not None:
        for name, new in changes.items():
            position = bound.values[name].position
            if new == "" and position is not None and position > cut:
                changes[name] = entry.args[name].name or name
    return changes, added


def _args_in_source_order(call: ast.Call) -> list[ast.AST]:
    return sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))


def _delete_argument(ctx: FileContext, call: ast.Call, arg: ast.AST, dropped: list[ast.AST]) -> None:
    """Cut an argument and its comma, keeping any comment around it."""
    data = ctx.source.data
    ordered = [a for a in _args_in_source_order(call) if a is arg or a not in dropped]
    i = ordered.index(arg)
    start, end = ctx.source.span(arg)
    j = end
    while j < len(data) and data[j] in b" \t":
        j += 1
    if data[j : j + 1] == b",":
        j += 1
        while j < len(data) and data[j] in b" \t":
            j += 1
        cut = (start, j)
    elif i > 0:
        prev_end = ctx.source.span(ordered[i - 1])[1]
        between = data[prev_end:start]
        comma = prev_end + between.find(b",")
        if b"#" in between or b"\n" in between or b"\r" in between:
            # a comment stands between: cut only the comma and the argument itself
            ctx.edits.replace(comma, comma + 1, "")
            cut = (start, end)
        else:
            cut = (comma, end)
    else:
        cut = (start, end)
    ctx.edits.replace(*_whole_line_if_alone(data, *cut), "")
    ctx.consume(arg)


def _whole_line_if_alone(data: bytes, start: int, end: int) -> tuple[int, int]:
    """Widen a cut to its whole line when nothing else stands on that line."""
    line_start = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
    newline = min((k for k in (data.find(b"\n", end), data.find(b"\r", end)) if k >= 0), default=len(data))
    if data[line_start:start].strip() or data[end:newline].strip() or line_start == 0:
        return start, end
    if data[newline : newline + 2] == b"\r\n":
        return line_start, newline + 2
    return line_start, min(newline + 1, len(data))


def _arg_node(bound: BoundCall, name: str) -> ast.AST:
    value = bound.values[name]
    return value.keyword if value.keyword is not None else bound.call.args[value.position]


def _open_paren(ctx: FileContext, call: ast.Call) -> int:
    return ctx.source.data.index(b"(", ctx.source.span(call.func)[1])


def apply_arguments(ctx: FileContext, bound: BoundCall, changes: dict[str, str | None],
                    added: list[tuple[str, str]]) -> None:
    call = bound.call
    dropped = [_arg_node(bound, name) for name, new in changes.items() if new is None]
    # in source order: a last argument's cut that reaches back over dropped neighbours then
    # absorbs their (earlier) cuts
    for torch_name, new_name in sorted(changes.items(), key=lambda kv: ctx.source.span(_arg_node(bound, kv[0]))[0]):
        value = bound.values[torch_name]
        arg = _arg_node(bound, torch_name)
        if new_name is None:
            _delete_argument(ctx, call, arg, dropped)
            continue
        if value.node is None:  # value transformed: replace the value span
            vnode = value.keyword.value if value.keyword is not None else arg
            ctx.consume(vnode)
            ctx.edits.replace(*ctx.source.span(vnode), value.text)
        if value.keyword is not None:
            written = value.keyword.arg  # torch's name, or an alias of it (axis for dim)
            if new_name != written:
                start = ctx.source.span(value.keyword)[0]
                ctx.edits.replace(start, start + len(written), new_name)
        elif new_name:
            ctx.edits.insert(ctx.source.span(arg)[0], f"{new_name}=")
    if not added:
        return
    text = ", ".join(f"{k}={v}" for k, v in added)
    kept = [a for a in _args_in_source_order(call) if a not in dropped]
    if kept:
        # after the last argument that survives (a dropped one leaves no anchor)
        ctx.edits.insert(ctx.source.span(kept[-1])[1], f", {text}")
    else:
        ctx.edits.insert(_open_paren(ctx, call) + 1, text)


def rewrite_call(ctx: FileContext, bound: BoundCall, callee: tuple[int, int] | None) -> None:
    """Rewrite ``bound.call``; ``callee`` is the span to replace with the target name
    (None keeps the callee, as for ``super().__init__`` of a translated base class)."""
    entry = bound.entry
    check_supported(bound)
    if bound.double_star:
        raise NeedsTodo("**kwargs cannot be matched to the torch signature")
    if entry.transform:
        replacement = ENTRY_TRANSFORMS[entry.transform].fn(bound, FileEmitter(ctx))
        # an argument whose (translated) text the replacement carries keeps its torch references
        parts = [*bound.call.args, *(k.value for k in bound.call.keywords)]
        if entry.kind == "method" and isinstance(bound.call.func, ast.Attribute):
            parts.append(bound.call.func.value)  # the receiver
        for arg in parts:
            if ctx.edits.node_text(arg) not in replacement:
                ctx.consume(arg)
        ctx.edits.replace(*ctx.source.span(bound.call), replacement)
        return
    changes, added = plan_arguments(bound, FileEmitter(ctx))
    apply_arguments(ctx, bound, changes, added)
    if callee is not None:
        # a method's target is the new method name; anything else is a dotted target object
        ctx.edits.replace(*callee, entry.target if entry.kind == "method" else ctx.ref_or_source(entry))
