"""torch in-place init function → ``Parameter.set_data(initializer(Init(...), shape, dtype))``.

The entry's ``target`` names the initializer class; its first torch parameter is the tensor,
and every later argument the entry keeps (``name:``) becomes a keyword of the initializer
(keyword always: ``Normal(sigma, mean)`` orders its arguments unlike torch). ``set_data``
returns the parameter, as torch's init functions return their tensor.

    nn.init.zeros_(m.bias)                →  m.bias.set_data(ms.common.initializer.initializer(
                                                 ms.common.initializer.Zero(), m.bias.shape, m.bias.dtype))
    nn.init.normal_(w, std=0.02)          →  w.set_data(ms.common.initializer.initializer(
                                                 ms.common.initializer.Normal(sigma=0.02, mean=0.0), w.shape, w.dtype))
    nn.init.zeros_(torch.empty(3))        →  TODO (the tensor is named three times: bind it to a name first)

Only MindSpore Parameters have ``set_data``: a plain tensor fails loudly (AttributeError).
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo, parenthesize


def simple_reference(text: str) -> bool:
    """A name, attribute chain or constant subscript: safe to write more than once."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return False
    while True:
        if isinstance(node, ast.Name):
            return True
        indexed = isinstance(node, ast.Subscript) and isinstance(node.slice, (ast.Constant, ast.Name))
        if not (isinstance(node, ast.Attribute) or indexed):
            return False
        node = node.value


def tensor_text(call: BoundCall) -> str:
    first = call.entry.params[0].name
    text = call.text(first).strip()
    if not simple_reference(text):
        raise NeedsTodo(f"the tensor {text!r} must be named three times in MindSpore "
                        "(p.set_data(init(..., p.shape, p.dtype))): bind it to a name first")
    return parenthesize(text)


def initializer_keywords(call: BoundCall) -> list[str]:
    out = []
    for param in call.entry.params[1:]:
        spec = call.entry.args[param.name]
        if param.star or spec.action not in ("keep", "only") or not spec.name:
            continue
        if spec.transform:
            raise NeedsTodo(f"{call.entry.key}: value transforms are not applied inside initializers")
        value = call[param.name]
        if value.given or spec.emit_default:
            out.append(f"{spec.name}={value.text}")
    return out


def set_data_with_initializer(call: BoundCall, emit: Emitter) -> str:
    t = tensor_text(call)
    init = f"{emit.ref(call.entry.target)}({', '.join(initializer_keywords(call))})"
    # the initializer classes' module also holds the function that builds a tensor from one
    fn = emit.ref(f"{call.entry.target.rsplit('.', 1)[0]}.initializer")
    return f"{t}.set_data({fn}({init}, {t}.shape, {t}.dtype))"


TRANSFORM = EntryTransform("set_data_with_initializer", set_data_with_initializer)
