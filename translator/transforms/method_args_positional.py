"""A Tensor method (or a call) whose target accepts its arguments only positionally: every
argument is passed positionally in torch's order (omitted earlier ones get torch's default); the
method (or callee) becomes the entry's target.

    x.squeeze(dim=1)  →  x.squeeze(1)
    x.squeeze(1)      →  x.squeeze(1)
    x.squeeze()       →  x.squeeze()
    nn.ModuleDict(modules=d)  →  nn.CellDict(d)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform, NeedsTodo, parenthesize


def method_args_positional(call: BoundCall) -> str:
    params = [p for p in call.entry.params if not p.star]
    last = max((i for i, p in enumerate(params) if call.values[p.name].given), default=-1)
    texts = []
    for p in params[: last + 1]:
        spec = call.entry.args.get(p.name)
        if spec is not None and spec.action == "drop":
            if call.values[p.name].given and p is params[last]:
                raise NeedsTodo(f"argument {p.name!r} cannot be dropped from a positional list")
            continue
        texts.append(call.values[p.name].text)
    if call.entry.kind != "method":
        return f"{call.ref(call.entry.target)}({', '.join(texts)})"
    return f"{parenthesize(call.receiver)}.{call.entry.target}({', '.join(texts)})"


TRANSFORM = EntryTransform("method_args_positional", method_args_positional)
