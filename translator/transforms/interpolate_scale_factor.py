"""``scale_factor`` of ``interpolate``. Without ``recompute_scale_factor`` torch maps output to
input coordinates by ``1/scale``; a target that only supports ``recompute_scale_factor=True``
(coordinates by ``in/out``) matches exactly when ``in * scale`` is whole, which holds for every
input size only when the scale is a whole number. Scales must be floats in the target.

    scale_factor=2                 →  scale_factor=2.0, recompute_scale_factor=True
    scale_factor=(2, 2.0)          →  scale_factor=(2.0, 2.0), recompute_scale_factor=True
    scale_factor=1.5               →  TODO (fractional scale: torch's result depends on it)
    scale_factor=s, recompute_scale_factor=True  →  scale_factor=s, recompute_scale_factor=True
    scale_factor=s                 →  TODO (not a literal)
    omitted / None                 →  nothing
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, NeedsTodo, literal


def _whole(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and v > 0


def interpolate_scale_factor(call: BoundCall, name: str) -> dict[str, str]:
    value = call[name]
    if not value.given or value.text.strip() == "None":
        return {}
    recompute = call.given("recompute_scale_factor") and call.text("recompute_scale_factor").strip() == "True"
    v = literal(value.node)
    if _whole(v):
        return {name: repr(float(v)), "recompute_scale_factor": "True"}
    if isinstance(v, (tuple, list)) and v and all(_whole(e) for e in v):
        return {name: repr(type(v)(float(e) for e in v)), "recompute_scale_factor": "True"}
    if recompute:
        return {name: value.text, "recompute_scale_factor": "True"}
    raise NeedsTodo(f"scale_factor={value.text}: only whole-number literal scales (or "
                    "recompute_scale_factor=True) translate exactly; pass size= instead")


TRANSFORM = ArgTransform("interpolate_scale_factor", interpolate_scale_factor)
