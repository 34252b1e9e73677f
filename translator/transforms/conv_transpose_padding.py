"""torch ConvTranspose2d ``padding`` + ``output_padding`` → MindSpore ``pad_mode`` + ``padding``.

MindSpore's ``output_padding`` leaves the extra row/column uncomputed (it does not match torch),
but torch's result equals a transposed convolution cropped by ``p`` before and ``p - op`` after
each spatial dim, which MindSpore expresses with asymmetric (top, bottom, left, right) padding.
The transform is set on both arguments; it emits everything for ``padding``.

    padding omitted                   →  pad_mode='valid'
    padding=1                         →  padding=1, pad_mode='pad'
    padding=(1, 2)                    →  padding=(1, 1, 2, 2), pad_mode='pad'
    padding=1, output_padding=1       →  padding=(1, 0, 1, 0), pad_mode='pad'
    padding=0, output_padding=1       →  TODO (would need negative padding)
    output_padding=op (run time)      →  TODO
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, NeedsTodo, literal


def _pair(v: object) -> tuple[int, int] | None:
    if isinstance(v, int) and not isinstance(v, bool):
        return (v, v)
    if isinstance(v, (tuple, list)) and len(v) == 2 and all(isinstance(i, int) for i in v):
        return (v[0], v[1])
    return None


def conv_transpose_padding(call: BoundCall, name: str) -> dict[str, str]:
    if name != "padding":
        return {}
    pad, out = call["padding"], call["output_padding"]
    op = _pair(literal(out.node)) if out.given else (0, 0)
    if op is None:
        raise NeedsTodo(f"output_padding={out.text}: needs literal values to become asymmetric padding")
    if not pad.given:
        p: tuple[int, int] | None = (0, 0)
    else:
        p = _pair(literal(pad.node))
    if op == (0, 0):
        if p == (0, 0):
            return {"pad_mode": "'valid'"}
        if p is None:
            return {"padding": pad.text, "pad_mode": "'pad'"}
        if p[0] == p[1]:
            return {"padding": repr(p[0]), "pad_mode": "'pad'"}
        return {"padding": repr((p[0], p[0], p[1], p[1])), "pad_mode": "'pad'"}
    if p is None:
        raise NeedsTodo(f"padding={pad.text} with output_padding: needs literal values")
    if op[0] > p[0] or op[1] > p[1]:
        raise NeedsTodo("output_padding larger than padding has no MindSpore equivalent "
                        "(it would need negative padding); crop/pad the output by hand")
    return {"padding": repr((p[0], p[0] - op[0], p[1], p[1] - op[1])), "pad_mode": "'pad'"}


TRANSFORM = ArgTransform("conv_transpose_padding", conv_transpose_padding)
