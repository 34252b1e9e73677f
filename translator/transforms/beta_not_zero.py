"""``beta`` of ``smooth_l1_loss`` for a target whose kernel for ``beta=0`` (the plain L1 loss) is
missing (MindSpore 2.10 on CPU): a literal zero stays a TODO pointing at ``l1_loss``; anything else
passes through under the same name.

    beta=0.5   →  beta=0.5
    beta=0.0   →  TODO (use F.l1_loss)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, NeedsTodo, literal


def beta_not_zero(call: BoundCall, name: str) -> dict[str, str]:
    value = call[name]
    if not value.given:
        return {}
    if literal(value.node) == 0:
        raise NeedsTodo("beta=0 is the L1 loss, which has no CPU kernel behind smooth_l1_loss in "
                        "MindSpore 2.10: call F.l1_loss(input, target, reduction=...) instead")
    return {name: value.text}


TRANSFORM = ArgTransform("beta_not_zero", beta_not_zero)
