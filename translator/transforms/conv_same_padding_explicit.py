"""torch conv ``padding='same'`` → explicit symmetric padding when the target's 'same' cannot be trusted.

torch computes 'same' padding as ``dilation * (kernel_size - 1)`` per dimension. This transform
keeps ``padding`` as it is, except that ``padding='same'`` with a ``dilation`` other than 1 or a
``padding_mode`` other than 'zeros' is written out as explicit (symmetric) padding, computed from
literal ``kernel_size`` and ``dilation``:

    padding=1                                   →  padding=1
    padding='same'                              →  padding='same'
    padding='same', kernel_size=3, dilation=2   →  padding=2
    padding='same', kernel_size=(3, 5), dilation=2  →  padding=(2, 4)
    padding='same', kernel_size=3, padding_mode='reflect'  →  padding=1
    padding='same', kernel_size=4, dilation=3   →  TODO (torch pads asymmetrically: 4 before, 5 after)
    padding='same', kernel_size=k, dilation=2   →  TODO (kernel_size is not a literal)
    padding omitted                             →  nothing (target default 0)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, NeedsTodo, literal


def _ints(value: object) -> tuple[int, ...] | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, (tuple, list)) and value and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return tuple(value)
    return None


def conv_same_padding_explicit(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    value = call[name]
    if not value.given:
        return {}
    if literal(value.node) != "same":
        return {name: value.text}
    dilation = literal(call["dilation"].node) if call.given("dilation") else 1
    mode = literal(call["padding_mode"].node) if call.given("padding_mode") else "zeros"
    if dilation in (1, (1,), (1, 1), (1, 1, 1)) and mode == "zeros":
        return {name: value.text}
    kernel, dil = _ints(literal(call["kernel_size"].node)), _ints(dilation)
    if kernel is None or dil is None:
        raise NeedsTodo("padding='same' with dilation or padding_mode needs explicit padding "
                        "(kernel_size and dilation must be literals to compute it)")
    if isinstance(kernel, int) and isinstance(dil, int):
        totals: tuple[int, ...] | int = dil * (kernel - 1)
    else:
        ks = kernel if isinstance(kernel, tuple) else (kernel,) * len(dil)
        ds = dil if isinstance(dil, tuple) else (dil,) * len(ks)
        if len(ks) != len(ds):
            raise NeedsTodo("kernel_size and dilation have different lengths")
        totals = tuple(d * (k - 1) for k, d in zip(ks, ds, strict=True))
    if any(t % 2 for t in (totals if isinstance(totals, tuple) else (totals,))):
        raise NeedsTodo("padding='same' here pads asymmetrically in torch (one more after than "
                        "before); pad the input explicitly and use padding=0")
    pads = totals // 2 if isinstance(totals, int) else tuple(t // 2 for t in totals)
    return {name: repr(pads)}


TRANSFORM = ArgTransform("conv_same_padding_explicit", conv_same_padding_explicit)
