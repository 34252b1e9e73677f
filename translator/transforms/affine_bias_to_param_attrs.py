"""torch norm ``affine`` / ``bias`` flags → ``weight_attr`` / ``bias_attr`` (False = no parameter).

Decides both torch arguments at once: the entry gives this transform to ``affine`` and to
``bias``; called for ``bias`` it returns nothing, because the ``affine`` call already read it.

    affine and bias omitted       →  nothing (both parameters created)
    affine=False                  →  weight_attr=False, bias_attr=False
    bias=False                    →  bias_attr=False
    affine=flag                   →  weight_attr=None if flag else False, bias_attr=None if flag else False
    affine=True, bias=flag        →  bias_attr=None if flag else False
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, literal, parenthesize


def _attr(call: BoundCall, name: str) -> str | None:
    """None when the parameter is created for sure, else the attr text."""
    if name not in call.values or not call.given(name):
        return None
    v = literal(call[name].node)
    if v is True:
        return None
    if v is False:
        return "False"
    return f"None if {parenthesize(call.text(name))} else False"


def affine_bias_to_param_attrs(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    if name != "affine":
        return {}
    affine = _attr(call, "affine")
    bias = _attr(call, "bias")
    out: dict[str, str] = {}
    if affine is not None:
        out["weight_attr"] = affine
    if affine == "False" or bias == "False":
        out["bias_attr"] = "False"
    elif affine is not None and bias is not None:
        a, b = parenthesize(call.text("affine")), parenthesize(call.text("bias"))
        out["bias_attr"] = f"None if {a} and {b} else False"
    elif affine is not None or bias is not None:
        out["bias_attr"] = affine if affine is not None else bias
    return out


TRANSFORM = ArgTransform("affine_bias_to_param_attrs", affine_bias_to_param_attrs)
