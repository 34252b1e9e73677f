"""torch ``padding`` → MindSpore ``pad_mode`` + ``padding``.

MindSpore's Conv2d defaults to ``pad_mode='same'`` and takes four paddings
(top, bottom, left, right); torch pads symmetrically per dimension.

    padding omitted   →  pad_mode='valid'
    padding=1         →  padding=1, pad_mode='pad'
    padding=(1, 2)    →  padding=(1, 1, 2, 2), pad_mode='pad'
    padding='same'    →  pad_mode='same'
    padding=p         →  padding=p, pad_mode='pad'   (an int at run time; a tuple fails loudly)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, literal


def conv2d_padding(call: BoundCall, name: str) -> dict[str, str]:
    value = call[name]
    if not value.given:
        return {"pad_mode": "'valid'"}
    v = literal(value.node)
    if v in ("same", "valid"):
        return {"pad_mode": repr(v)}
    if isinstance(v, tuple) and len(v) == 2:
        h, w = v
        return {"padding": repr((h, h, w, w)), "pad_mode": "'pad'"}
    if v == 0:
        return {"pad_mode": "'valid'"}
    return {"padding": value.text, "pad_mode": "'pad'"}


TRANSFORM = ArgTransform("conv2d_padding", conv2d_padding)
