"""torch ``full`` infers the dtype from the fill value (an int gives int64); a target that
defaults to float32 needs it written out.

    dtype=torch.int32 given     →  dtype=<as given>
    fill 3   (int literal)      →  dtype='int64'
    fill 0.5 / True / float(v)  →  (nothing: float32 / bool, as the target infers)
    fill v   (unknown type)     →  TODO: pass dtype= explicitly
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, NeedsTodo, literal


def fill_dtype_from_value(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    if call.given(name):
        return {"dtype": call.text(name)}
    node = call.values["fill_value"].node
    value = literal(node)
    if isinstance(value, (bool, float)):
        return {}
    if isinstance(value, int):
        return {"dtype": "'int64'"}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
        return {}
    raise NeedsTodo("torch infers the dtype from the fill value (int -> int64, float -> float32); "
                    "pass dtype= explicitly")


TRANSFORM = ArgTransform("fill_dtype_from_value", fill_dtype_from_value)
