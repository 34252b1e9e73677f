"""A size pair that the target takes only as a 1-D integer tensor (MindSpore ``ops.fold``'s
``output_size``). torch accepts an int for a square size.

    output_size=4          →  output_size=ms.Tensor((4, 4))
    output_size=(H, W)     →  output_size=ms.Tensor((H, W))
    output_size=size       →  output_size=ms.Tensor(size)   (a run-time int fails loudly: 0-D)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, literal


def pair_as_tensor(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    value = call[name]
    tensor = emit.counterpart("torch.tensor")
    v = literal(value.node) if value.given else NotImplemented
    text = value.text.strip()
    if isinstance(v, int) and not isinstance(v, bool):
        text = f"({v}, {v})"
    return {call.entry.args[name].name or name: f"{tensor}({text})"}


TRANSFORM = ArgTransform("pair_as_tensor", pair_as_tensor)
