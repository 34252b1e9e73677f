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


# a keyword the target call gets that is no given argument: (keyword, text, the torch parameter it
# comes from, None for the entry's ``set``)
Added = tuple[str, str, "str | None"]


def plan_arguments(bound: BoundCall, emit: Emitter) -> tuple[dict[str, str | None], list[Added]]:
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
    added: list[Added] = []
    for arg in target_arguments(bound, emit):
        value = arg.value
        if value is None:
            added.append((arg.name, arg.text, arg.source))
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


def _own_line_indent(ctx: FileContext, node: ast.AST) -> str | None:
    """The indentation of ``node`` when it starts its line (a call spread one argument a line)."""
    start = ctx.source.span(node)[0]
    before = ctx.source.data[ctx.source.line_start(node.lineno):start]
    return before.decode() if not before.strip() else None


def _append_arguments(ctx: FileContext, last: ast.AST, texts: list[str], comma_stays: bool) -> None:
    """Add ``texts`` after the call's last argument ``last`` as a hand would: one a line with the
    call's indentation (and its trailing comma, if it has one) when the call is spread over
    lines, else ``, k=v`` on the same line. ``comma_stays``: no cut argument after ``last``
    takes the comma that follows it."""
    data, nl = ctx.source.data, ctx.source.newline().decode()
    end = ctx.source.span(last)[1]
    indent = _own_line_indent(ctx, last)
    if indent is None:
        ctx.edits.insert(end, "".join(f", {t}" for t in texts))
        return
    j = end
    while j < len(data) and data[j:j + 1] in (b" ", b"\t"):
        j += 1
    line_end = ctx.source.line_end(last.end_lineno)
    rest = data[j + 1:line_end].strip()
    if comma_stays and data[j:j + 1] == b"," and (not rest or rest.startswith(b"#")) and line_end > j + 1 \
            and data[line_end - 1:line_end] in (b"\n", b"\r"):
        # after the line holding the trailing comma (and any comment), each with its own comma
        ctx.edits.insert(line_end, "".join(f"{indent}{t},{nl}" for t in texts))
    else:
        ctx.edits.insert(end, "".join(f",{nl}{indent}{t}" for t in texts))


def apply_arguments(ctx: FileContext, bound: BoundCall, changes: dict[str, str | None],
                    added: list[Added]) -> None:
    call = bound.call
    # keywords made from a given argument that the target takes otherwise (padding -> padding,
    # pad_mode) take its place, keeping torch's argument order; others go at the end
    in_place: dict[str, list[str]] = {}
    for k, v, source in added:
        if source is not None and source in changes and changes[source] is None:
            in_place.setdefault(source, []).append(f"{k}={v}")
    added = [a for a in added if a[2] not in in_place]
    dropped = [_arg_node(bound, name) for name, new in changes.items() if new is None and name not in in_place]
    # in source order: a last argument's cut that reaches back over dropped neighbours then
    # absorbs their (earlier) cuts
    for torch_name, new_name in sorted(changes.items(), key=lambda kv: ctx.source.span(_arg_node(bound, kv[0]))[0]):
        value = bound.values[torch_name]
        arg = _arg_node(bound, torch_name)
        if new_name is None and torch_name in in_place:
            indent = _own_line_indent(ctx, arg)
            separator = ", " if indent is None else f",{ctx.source.newline().decode()}{indent}"
            ctx.consume(arg)
            ctx.edits.replace(*ctx.source.span(arg), separator.join(in_place[torch_name]))
            continue
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
    texts = [f"{k}={v}" for k, v, _ in added]
    kept = [a for a in _args_in_source_order(call) if a not in dropped]
    if kept:
        # after the last argument that survives (a dropped one leaves no anchor)
        last = ctx.source.span(kept[-1])[1]
        _append_arguments(ctx, kept[-1], texts, all(ctx.source.span(d)[0] < last for d in dropped))
    else:
        ctx.edits.insert(_open_paren(ctx, call) + 1, ", ".join(texts))


def kwargs_pass_through(bound: BoundCall) -> bool:
    """``**kwargs`` may be passed on unchanged when whatever it can hold (the torch parameters the
    call does not give otherwise) the target takes under the same keyword with the same meaning:
    each such parameter's spec keeps its name, with no value transform, no allowed-texts check and
    no default to write out."""
    if bound.entry.transform:
        return False
    for param in bound.entry.params:
        if bound.given(param.name) or param.star == "*":
            continue  # a keyword never fills *args
        spec = bound.entry.args.get(param.name)
        # torch's own **kwargs (nn.Identity(*args, **kwargs)) passes on when the target takes it alike
        if spec is None or spec.action != "keep" or spec.name != param.name or spec.transform or spec.emit_default:
            return False
    return True


def rewrite_call(ctx: FileContext, bound: BoundCall, callee: tuple[int, int] | None) -> None:
    """Rewrite ``bound.call``; ``callee`` is the span to replace with the target name
    (None keeps the callee, as for ``super().__init__`` of a translated base class)."""
    entry = bound.entry
    check_supported(bound)
    if bound.double_star and not kwargs_pass_through(bound):
        raise NeedsTodo("**kwargs cannot be matched to the torch signature")
    replacement = ENTRY_TRANSFORMS[entry.transform].fn(bound, FileEmitter(ctx)) if entry.transform else None
    if replacement is not None:  # None: this call is one the entry's argument specs rewrite
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
