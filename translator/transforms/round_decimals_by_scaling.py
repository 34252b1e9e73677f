"""``torch.round(x, decimals=d)`` for a target whose round has no working ``decimals`` (MindSpore
2.10's Round kernel accepts only 0): scaled as torch computes it, half to even on the scaled
value — ``round(x * 10**d) / 10**d``, or ``round(x / 10**-d) * 10**-d`` for a negative ``d``.
The entry's target is the plain round function.

    torch.round(x)                 →  ops.round(x)
    torch.round(x, decimals=0)     →  ops.round(x)
    torch.round(x, decimals=2)     →  (ops.round(x * 100) / 100)
    torch.round(x + 1, decimals=-1) →  (ops.round((x + 1) / 10) * 10)
    torch.round(x, decimals=d)     →  TODO (decimals must be a literal whole number)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform, NeedsTodo, literal, parenthesize


def round_decimals_by_scaling(call: BoundCall) -> str:
    fn = call.ref(call.entry.target)
    x = call.text("input").strip()
    decimals = literal(call["decimals"].node) if call.given("decimals") else 0
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise NeedsTodo("decimals that is not a literal whole number: scale by hand, "
                        "round(x * 10**d) / 10**d")
    if decimals == 0:
        return f"{fn}({x})"
    if decimals > 0:
        return f"({fn}({parenthesize(x)} * {10 ** decimals}) / {10 ** decimals})"
    return f"({fn}({parenthesize(x)} / {10 ** -decimals}) * {10 ** -decimals})"


TRANSFORM = EntryTransform("round_decimals_by_scaling", round_decimals_by_scaling)
