"""torch conv ``padding`` → MindSpore ``pad_mode`` + ``padding`` for Conv1d/2d/3d (any rank).

MindSpore convolutions default to ``pad_mode='same'``; explicit padding needs ``pad_mode='pad'``
and per-side values (before, after for each spatial dim); Conv1d takes one int.

    padding omitted      →  pad_mode='valid'
    padding=1            →  padding=1, pad_mode='pad'
    padding=(0, 1, 1)    →  padding=(0, 0, 1, 1, 1, 1), pad_mode='pad'
    padding=(2,)         →  padding=2, pad_mode='pad'
    padding='same'       →  pad_mode='same'
    padding=p            →  padding=p, pad_mode='pad'   (an int at run time; a tuple fails loudly)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, literal


def conv_nd_padding(call: BoundCall, name: str) -> dict[str, str]:
    value = call[name]
    if not value.given:
        return {"pad_mode": "'valid'"}
    v = literal(value.node) if value.node is not None else NotImplemented
    if v in ("same", "valid"):
        return {"pad_mode": repr(v)}
    if isinstance(v, (tuple, list)) and all(isinstance(p, int) for p in v):
        if len(v) == 1:
            v = v[0]
        else:
            return {"padding": repr(tuple(p for p in v for _ in (0, 1))), "pad_mode": "'pad'"}
    if v == 0:
        return {"pad_mode": "'valid'"}
    return {"padding": repr(v) if isinstance(v, int) else value.text, "pad_mode": "'pad'"}


TRANSFORM = ArgTransform("conv_nd_padding", conv_nd_padding)
