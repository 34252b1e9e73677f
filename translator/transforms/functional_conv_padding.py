"""``padding`` of the functional ``conv2d`` → ``pad_mode`` + ``padding`` of a target whose
functional conv defaults to ``pad_mode='valid'`` and takes per-dimension ``(h, w)`` paddings.

    padding omitted / 0  →  pad_mode='valid'
    padding=1            →  padding=1, pad_mode='pad'
    padding=(1, 0)       →  padding=(1, 0), pad_mode='pad'
    padding='same'       →  pad_mode='same'
    padding=p            →  padding=p, pad_mode='pad'
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, literal


def functional_conv_padding(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    value = call[name]
    if not value.given:
        return {"pad_mode": "'valid'"}
    v = literal(value.node)
    if v in ("same", "valid"):
        return {"pad_mode": repr(v)}
    if v == 0 or (isinstance(v, tuple) and all(e == 0 for e in v)):
        return {"pad_mode": "'valid'"}
    return {"padding": value.text, "pad_mode": "'pad'"}


TRANSFORM = ArgTransform("functional_conv_padding", functional_conv_padding)
