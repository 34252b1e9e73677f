"""A channel count given as both ``num_groups`` and ``num_channels``: a group norm with one
channel per group normalises each channel alone, which is what an instance norm does.

    nn.InstanceNorm2d(64)            →  num_groups=64, num_channels=64
    nn.InstanceNorm2d(dim * 2)       →  num_groups=dim * 2, num_channels=dim * 2
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter


def channels_as_groups_and_channels(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    text = call.text(name).strip()
    return {"num_groups": text, "num_channels": text}


TRANSFORM = ArgTransform("channels_as_groups_and_channels", channels_as_groups_and_channels)
