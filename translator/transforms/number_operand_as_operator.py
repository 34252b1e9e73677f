"""``x.add(2)`` → ``(x + 2)``: the target's tensor methods ``add``/``sub``/``mul``/``div`` take
only tensors, while Python's operators take numbers too. Only a literal number operand is
rewritten (a tensor operand works with the method as it is; ``s.add(item)`` on a set stays too).

    x.add(1.5)            →  (x + 1.5)
    x.add(2, alpha=3)     →  (x + (3 * 2))
    x.sub(1)              →  (x - 1)
    x.mul(0.5)            →  (x * 0.5)
    x.div(4)              →  (x / 4)
    x.mul(y)              →  x.mul(y)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, binary_expression, literal, parenthesize
from translator.transforms.receiver_as_first_argument import unchanged_method

_OPERATORS = {"add": "+", "sub": "-", "mul": "*", "div": "/"}


def is_number(call: BoundCall, name: str) -> bool:
    value = literal(call.values[name].node) if call.given(name) else NotImplemented
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_operand_as_operator(call: BoundCall, emit: Emitter) -> str:
    other = next(p.name for p in call.entry.params)
    if not is_number(call, other):
        return unchanged_method(call)
    operand = call.text(other).strip()
    if call.given("alpha"):
        operand = f"{parenthesize(call.text('alpha'))} * {parenthesize(operand)}"
    op = _OPERATORS[call.entry.short]
    return binary_expression(call.receiver, op, operand)


TRANSFORM = EntryTransform("number_operand_as_operator", number_operand_as_operator)
