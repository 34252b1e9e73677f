"""Pooling ``stride``: torch's default ``None`` means ``kernel_size``; MindSpore's default is 1.

    nn.MaxPool2d(3)              →  stride=3
    nn.MaxPool2d(3, 2)           →  stride=2
    nn.MaxPool2d(k, stride=None) →  stride=k
    nn.MaxPool2d(k, stride=s)    →  stride=s if s is not None else k   (s unknown until run time)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, literal, parenthesize


def pool_stride(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    value = call[name]
    kernel = call.text("kernel_size")
    if not value.given or (value.node is not None and literal(value.node) is None):
        return {name: kernel}
    if value.node is not None and literal(value.node) is not NotImplemented:
        return {name: value.text}
    s = parenthesize(value.text)
    return {name: f"{s} if {s} is not None else {parenthesize(kernel)}"}


TRANSFORM = ArgTransform("pool_stride_defaults_to_kernel_size", pool_stride)
