"""``x.m(args)`` → ``target(x, args)``: a tensor method whose torch meaning the target offers only
as a function taking the tensor first (``paddle.compat.split``, ``paddle.compat.max``).

Arguments are passed on as written; a keyword is renamed when the entry's ``args`` says so. A call with no
arguments, or with a string literal argument, is left as it is: ``x.max()`` already means the
same in the target, and ``line.split(",")`` is ``str.split``, not a tensor method.

    x.split(2, dim=1)   →  paddle.compat.split(x, 2, dim=1)
    x.max(1)            →  paddle.compat.max(x, 1)
    x.max()             →  x.max()
    line.split(",")     →  line.split(",")
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, literal, parenthesize


def render_arguments(call: BoundCall) -> list[str]:
    """The given arguments as source text, positional ones first, in torch's order."""
    positional: list[tuple[int, str]] = []
    keywords: list[str] = []
    for param in call.entry.params:
        value = call.values.get(param.name)
        if value is None or not value.given:
            continue
        if param.star == "*":
            positional.append((value.position or 0, value.text))
        elif value.keyword is not None:
            spec = call.entry.args.get(param.name)
            name = spec.name if spec is not None and spec.name else param.name
            keywords.append(f"{name}={value.text}")
        else:
            positional.append((value.position or 0, value.text))
    return [t for _, t in sorted(positional)] + keywords


def has_string_literal(call: BoundCall) -> bool:
    return any(v.given and v.node is not None and isinstance(literal(v.node), str)
               for v in call.values.values())


def unchanged_method(call: BoundCall) -> str:
    return f"{parenthesize(call.receiver)}.{call.entry.short}({', '.join(render_arguments(call))})"


def receiver_as_first_argument(call: BoundCall, emit: Emitter) -> str:
    args = render_arguments(call)
    if not args or has_string_literal(call):
        return unchanged_method(call)
    return f"{emit.ref(call.entry.target)}({', '.join([call.receiver.strip(), *args])})"


def is_plain_reference(text: str) -> bool:
    """A name or attribute chain (``x``, ``self.w``): safe to evaluate twice."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return False
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


TRANSFORM = EntryTransform("receiver_as_first_argument", receiver_as_first_argument)
