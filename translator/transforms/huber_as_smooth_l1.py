"""torch's ``smooth_l1_loss(..., beta=b)`` from a target's Huber loss with ``delta=b``, divided
by ``b``: Huber is ``0.5 x**2`` / ``b (|x| - 0.5 b)`` where torch's smooth L1 is
``0.5 x**2 / b`` / ``|x| - 0.5 b``. beta 1 (the default) needs no division; beta 0 is torch's
L1 loss, which a division cannot give.

    F.smooth_l1_loss(x, y)                →  F.smooth_l1_loss(x, y)
    F.smooth_l1_loss(x, y, beta=1 / 9)    →  (F.smooth_l1_loss(x, y, delta=1 / 9) / (1 / 9))
    F.smooth_l1_loss(x, y, beta=0.0)      →  TODO (use the L1 loss)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo, literal, parenthesize


def huber_as_smooth_l1(call: BoundCall, emit: Emitter) -> str:
    value = call["beta"]
    loss = f"{emit.ref(call.entry.target)}({emit.arguments(call, [])})"
    beta = literal(value.node) if value.given else 1.0
    if beta == 1:
        return loss
    if beta == 0:
        raise NeedsTodo("beta=0 is torch's L1 loss: use F.l1_loss")
    # a beta known only at run time: 0 there gives nan, not torch's L1 loss
    return f"({loss} / {parenthesize(value.text.strip())})"


TRANSFORM = EntryTransform("huber_as_smooth_l1", huber_as_smooth_l1)
