"""``dim`` of ``Tensor.max``/``Tensor.min`` for a target whose method has only the reduction form:
torch's ``x.max(other)`` with a tensor is the element-wise maximum, and a positional argument that
is not a literal whole number may be that tensor, so it stays a TODO. A keyword ``dim=`` is a dim.

    x.max(1)          →  dim=1
    x.max(dim=d)      →  dim=d
    x.max(y)          →  TODO (y may be a tensor: element-wise maximum)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, NeedsTodo, literal


def dim_not_tensor(call: BoundCall, name: str) -> dict[str, str]:
    value = call[name]
    if not value.given:
        return {}
    dim = literal(value.node)
    if value.keyword is None and (isinstance(dim, bool) or not isinstance(dim, int)):
        raise NeedsTodo(f"cannot tell statically whether {value.text!r} is a dim or a tensor (the "
                        "element-wise form): pass dim= by keyword, or use the element-wise "
                        "maximum/minimum function")
    return {name: value.text}


TRANSFORM = ArgTransform("dim_not_tensor", dim_not_tensor)
