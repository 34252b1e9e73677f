"""Operator forms: a torch call that the target writes as an operator (``/``, ``*``, ``**``)."""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo, binary_expression, literal, parenthesize
from translator.transforms.methods import unchanged_method


def division_as_operator(call: BoundCall, emit: Emitter) -> str:
    """``torch.div(a, b)`` → ``(a / b)``: true division with broadcasting, for tensors and numbers
    alike, which a target's ``divide`` function may not accept (Paddle's takes tensors only);
    ``rounding_mode='floor'`` is Python's floor division, ``//``.

        torch.div(x, 2)                         →  (x / 2)
        torch.div(x, y)                         →  (x / y)
        torch.div(x, 2, rounding_mode='floor')  →  (x // 2)
        torch.div(x, 2, rounding_mode='trunc')  →  TODO
    """
    first, second = (p.name for p in call.entry.params[:2])
    mode = literal(call["rounding_mode"].node) if call.given("rounding_mode") else None
    if mode not in (None, "floor"):
        raise NeedsTodo(f"rounding_mode={call.text('rounding_mode')}: truncate the quotient by hand")
    op = "//" if mode == "floor" else "/"
    return binary_expression(call.text(first), op, call.text(second))


DIVISION_AS_OPERATOR = EntryTransform("division_as_operator", division_as_operator)



def multiplication_as_operator(call: BoundCall, emit: Emitter) -> str:
    """``torch.mul(a, b)`` → ``(a * b)``: element-wise product with broadcasting, for tensors and
    numbers alike, which a target's ``multiply`` function may not accept (Paddle's takes tensors
    only).

        torch.mul(x, y)         →  (x * y)
        torch.mul(x, 0.5)       →  (x * 0.5)
        torch.mul(a + b, c)     →  ((a + b) * c)
    """
    first, second = (p.name for p in call.entry.params[:2])
    return binary_expression(call.text(first), "*", call.text(second))


MULTIPLICATION_AS_OPERATOR = EntryTransform("multiplication_as_operator", multiplication_as_operator)



def power_as_operator(call: BoundCall, emit: Emitter) -> str:
    """``pow(a, b)`` → ``a ** b``: the operator takes a tensor or a number on either side (a target
    ``pow`` that needs a tensor base fails on ``torch.pow(w_m, exponents)`` with a float ``w_m``,
    and whether a name holds a number cannot be told statically).

        torch.pow(2, x)      →  (2 ** x)
        torch.pow(x, 2)      →  (x ** 2)
        torch.pow(w, t + 1)  →  (w ** (t + 1))
    """
    return binary_expression(call.text("input"), "**", call.text("exponent"))


POWER_AS_OPERATOR = EntryTransform("power_as_operator", power_as_operator)



_OPERATORS = {"add": "+", "sub": "-", "mul": "*", "div": "/"}


def is_number(call: BoundCall, name: str) -> bool:
    value = literal(call.values[name].node) if call.given(name) else NotImplemented
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_operand_as_operator(call: BoundCall, emit: Emitter) -> str:
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
    other = next(p.name for p in call.entry.params)
    if not is_number(call, other):
        return unchanged_method(call)
    operand = call.text(other).strip()
    if call.given("alpha"):
        operand = f"{parenthesize(call.text('alpha'))} * {parenthesize(operand)}"
    op = _OPERATORS[call.entry.short]
    return binary_expression(call.receiver, op, operand)


NUMBER_OPERAND_AS_OPERATOR = EntryTransform("number_operand_as_operator", number_operand_as_operator)



def number_operand_as_scale(call: BoundCall, emit: Emitter) -> str:
    """In-place arithmetic with a literal number → the target's in-place ``scale_(scale, bias)``
    (its ``mul_``/``add_``/``div_``/``sub_`` take only tensors). Any other operand may hold a number
    or a tensor, which only the run time tells: a generated helper decides.

        x.mul_(0.5)           →  x.scale_(0.5)
        x.div_(4)             →  x.scale_(1 / 4)
        x.add_(1.0)           →  x.scale_(1.0, 1.0)
        x.add_(2, alpha=0.5)  →  x.scale_(1.0, 0.5 * 2)
        x.sub_(1)             →  x.scale_(1.0, -1)
        x.mul_(std)           →  torch_inplace_arithmetic(x, 'mul_', std)   (number or tensor)
    """
    other = next(p.name for p in call.entry.params)
    op = call.entry.short
    if call.given("rounding_mode"):
        return unchanged_method(call)
    if not is_number(call, other):
        return _arithmetic_at_run_time(call, emit, other)
    n = call.text(other).strip()
    if call.given("alpha"):
        n = f"{parenthesize(call.text('alpha'))} * {parenthesize(n)}"
    x = parenthesize(call.receiver)
    if op == "mul_":
        return f"{x}.scale_({n})"
    if op == "div_":
        return f"{x}.scale_(1 / {parenthesize(n)})"
    if op == "add_":
        return f"{x}.scale_(1.0, {n})"
    return f"{x}.scale_(1.0, -{parenthesize(n)})"


NUMBER_OPERAND_AS_SCALE = EntryTransform("number_operand_as_scale", number_operand_as_scale)


INPLACE_ARITHMETIC_HELPER = '''
def torch_inplace_arithmetic(x, op, other, **kwargs):
    """x.add_/sub_/mul_/div_(other) as torch runs it, with a tensor or a number (generated by
    torch2ms): the target's in-place arithmetic takes only tensors, its scale_ takes numbers."""
    import numbers  # numpy's scalars too

    if not isinstance(other, numbers.Number):
        return getattr(x, op)(other, **kwargs)
    n = other * kwargs.get("alpha", 1)
    if op == "mul_":
        return x.scale_(n)
    if op == "div_":
        return x.scale_(1 / n)
    return x.scale_(1.0, n if op == "add_" else -n)
'''


def _arithmetic_at_run_time(call: BoundCall, emit: Emitter, other: str) -> str:
    helper = emit.helper("torch_inplace_arithmetic", INPLACE_ARITHMETIC_HELPER)
    kwargs = "".join(f", {name}={call.text(name)}" for name in ("alpha",) if call.given(name))
    return f"{helper}({call.receiver}, {call.entry.short!r}, {call.text(other).strip()}{kwargs})"
