"""Initialisation and in-place updates: torch's in-place ``init`` functions and tensor methods."""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.names import dotted
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo, parenthesize

# calls whose result is a tensor with storage of its own (torch.<factory>, x.clone(), x.new_zeros())
_FRESH_FUNCTIONS = {"empty", "zeros", "ones", "full", "tensor", "empty_like", "zeros_like", "ones_like",
                    "full_like", "rand", "randn", "arange"}
_FRESH_METHODS = {"clone", "new_empty", "new_zeros", "new_ones", "new_full", "new_tensor"}


def simple_reference(text: str) -> bool:
    """A name, attribute chain or constant subscript: safe to write more than once."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return False
    while True:
        if isinstance(node, ast.Name):
            return True
        indexed = isinstance(node, ast.Subscript) and isinstance(node.slice, (ast.Constant, ast.Name))
        if not (isinstance(node, ast.Attribute) or indexed):
            return False
        node = node.value


def tensor_text(call: BoundCall) -> str:
    first = call.entry.params[0].name
    text = call.text(first).strip()
    if not simple_reference(text):
        raise NeedsTodo(f"the tensor {text!r} must be named three times in MindSpore "
                        "(p.set_data(init(..., p.shape, p.dtype))): bind it to a name first")
    return parenthesize(text)


def initializer_keywords(call: BoundCall) -> list[str]:
    out = []
    for param in call.entry.params[1:]:
        spec = call.entry.args[param.name]
        if param.star or spec.action not in ("keep", "only") or not spec.name:
            continue
        if spec.transform:
            raise NeedsTodo(f"{call.entry.key}: value transforms are not applied inside initializers")
        value = call[param.name]
        if value.given or spec.emit_default:
            out.append(f"{spec.name}={value.text}")
    return out


def set_data_with_initializer(call: BoundCall, emit: Emitter) -> str:
    """torch in-place init function → ``Parameter.set_data(initializer(Init(...), shape, dtype))``.

    The entry's ``target`` names the initializer class; its first torch parameter is the tensor,
    and every later argument the entry keeps (``name:``) becomes a keyword of the initializer
    (keyword always: ``Normal(sigma, mean)`` orders its arguments unlike torch). ``set_data``
    returns the parameter, as torch's init functions return their tensor.

        nn.init.zeros_(m.bias)                →  m.bias.set_data(ms.common.initializer.initializer(
            ms.common.initializer.Zero(), m.bias.shape, m.bias.dtype))
        nn.init.normal_(w, std=0.02)          →  w.set_data(ms.common.initializer.initializer(
            ms.common.initializer.Normal(sigma=0.02, mean=0.0), w.shape, w.dtype))
        nn.init.zeros_(torch.empty(3))        →  TODO (the tensor is named three times: bind it to a name first)

    Only MindSpore Parameters have ``set_data``: a plain tensor fails loudly (AttributeError).
    """
    t = tensor_text(call)
    init = f"{emit.ref(call.entry.target)}({', '.join(initializer_keywords(call))})"
    # the initializer classes' module also holds the function that builds a tensor from one
    fn = emit.ref(f"{call.entry.target.rsplit('.', 1)[0]}.initializer")
    return f"{t}.set_data({fn}({init}, {t}.shape, {t}.dtype))"


SET_DATA_WITH_INITIALIZER = EntryTransform("set_data_with_initializer", set_data_with_initializer)



def set_data_uniform_range(call: BoundCall, emit: Emitter) -> str:
    """``nn.init.uniform_(t, a, b)`` → ``t.set_data(ops.uniform(t.shape, lo, hi, dtype=t.dtype))``.

    MindSpore's ``Uniform`` initializer is symmetric (``[-scale, scale]``), so the range [a, b)
    is drawn with ``ops.uniform``; bounds become tensors of the parameter's dtype.

        nn.init.uniform_(w)             →  w.set_data(ops.uniform(w.shape, ms.Tensor(0.0, w.dtype),
                                                                 ms.Tensor(1.0, w.dtype), dtype=w.dtype))
        nn.init.uniform_(w, -0.1, 0.1)  →  w.set_data(ops.uniform(w.shape, ms.Tensor(-0.1, w.dtype),
                                                                 ms.Tensor(0.1, w.dtype), dtype=w.dtype))
    """
    t = tensor_text(call)
    tensor = emit.counterpart("torch.tensor")
    lo, hi = (f"{tensor}({call.text(n)}, {t}.dtype)" for n in ("a", "b"))
    return f"{t}.set_data({emit.ref(call.entry.target)}({t}.shape, {lo}, {hi}, dtype={t}.dtype))"


SET_DATA_UNIFORM_RANGE = EntryTransform("set_data_uniform_range", set_data_uniform_range)



def _scale_and_shift(call: BoundCall) -> tuple[str | None, str | None]:
    names = {p.name for p in call.entry.params}
    if {"mean", "std"} <= names:
        scale = call.text("std").strip() if call.given("std") else None
        shift = call.text("mean").strip() if call.given("mean") else None
        return scale, shift
    low = call.text("from_").strip() if call.given("from_") else "0"
    high = call.text("to").strip() if call.given("to") else "1"
    scale = None if (low, high) == ("0", "1") else f"{parenthesize(high)} - {parenthesize(low)}"
    return scale, (None if low == "0" else low)


def random_in_place(call: BoundCall, emit: Emitter) -> str:
    """``x.normal_(mean, std)`` / ``x.uniform_(from, to)`` → the entry's target (a ``*_like`` random
    op of standard scale) scaled and shifted, written back with ``assign_value``: MindSpore 2.10 has
    no CPU kernel for its in-place random fills. A fresh tensor (a call, as in
    ``torch.empty(n).normal_()``) takes the value directly; an indexed receiver is written back as
    ``inplace_as_assign_value`` does.

        w.normal_(std=0.02)                →  w.assign_value(ops.randn_like(w) * 0.02)
        w.data.uniform_(-a, a)             →  w.assign_value(ops.rand_like(w) * (a - (-a)) + (-a))
        ops.zeros((1, n)).normal_(std=s)   →  (ops.randn_like(ops.zeros((1, n))) * s)
    """
    if call.given("generator"):
        raise NeedsTodo("generator=: seed the target's global generator instead")
    receiver, node = receiver_node(call)
    scale, shift = _scale_and_shift(call)
    value = f"{emit.ref(call.entry.target)}({receiver})"
    if scale is not None:
        value += f" * {parenthesize(scale)}"
    if shift is not None:
        value += f" + {parenthesize(shift)}"
    if isinstance(node, ast.Call):
        return f"({value})"
    return write_back(emit, receiver, node, value)


RANDOM_IN_PLACE = EntryTransform("random_in_place", random_in_place)



RUN_TIME_HELPER = '''
def torch_assign_index(tensor, index, value):
    """A torch in-place method on tensor[index] (a view in torch) (generated by torch2ms): the
    result is written back by item assignment; returns the written part, as torch does."""
    tensor[index] = value
    return tensor[index]
'''


def _simple(node: ast.expr | None) -> bool:
    """A name or attribute chain (evaluating it twice is harmless)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _pure(node: ast.expr) -> bool:
    """An index bound without calls (evaluating it twice is harmless)."""
    return not any(isinstance(n, (ast.Call, ast.NamedExpr, ast.Await, ast.Yield)) for n in ast.walk(node))


def _basic_index(node: ast.expr, text: str) -> str:
    """The index object of a basic (view-making) torch index, as source text."""
    def seg(n: ast.expr | None) -> str:
        return "None" if n is None else ast.get_source_segment(text, n)

    if isinstance(node, ast.Slice):
        if not all(_pure(n) for n in (node.lower, node.upper, node.step) if n is not None):
            raise NeedsTodo("in-place on a slice with computed bounds: assign its out-of-place result by hand")
        return f"slice({seg(node.lower)}, {seg(node.upper)}, {seg(node.step)})"
    if isinstance(node, ast.Constant) and (node.value is None or node.value is Ellipsis
                                           or (isinstance(node.value, int) and not isinstance(node.value, bool))):
        return seg(node)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        return _basic_index(node.operand, text) and seg(node)
    if isinstance(node, ast.Tuple):
        parts = [_basic_index(e, text) for e in node.elts]
        return f"({', '.join(parts)}{',' if len(parts) == 1 else ''})"
    raise NeedsTodo("in-place on an indexed tensor whose index may copy (advanced indexing): "
                    "assign its out-of-place result by hand")


def receiver_node(call: BoundCall) -> tuple[str, ast.expr | None]:
    """The receiver's text without ``.data`` (a copy in MindSpore), and its expression."""
    receiver = call.receiver.removesuffix(".data")
    try:
        return receiver, ast.parse(receiver, mode="eval").body
    except SyntaxError:
        return receiver, None


def fresh_receiver(call: BoundCall) -> bool:
    """Whether the torch receiver is a tensor just created (no other reference can see a write):
    ``torch.empty((), dtype=torch.int64).fill_(n)`` needs only the out-of-place result."""
    func = call.call.func
    node = func.value if isinstance(func, ast.Attribute) else None
    if not isinstance(node, ast.Call):
        return False
    name = dotted(node.func) or ""
    if name.startswith("torch.") and name.count(".") == 1:
        return name.split(".")[1] in _FRESH_FUNCTIONS
    return isinstance(node.func, ast.Attribute) and node.func.attr in _FRESH_METHODS


def write_back(emit: Emitter, receiver: str, node: ast.expr | None, value: str) -> str:
    """``value`` (computed from ``receiver``) written into the receiver, returning it as torch's
    in-place methods do."""
    if isinstance(node, ast.Subscript) and _simple(node.value):
        base = ast.get_source_segment(receiver, node.value).removesuffix(".data")
        index = _basic_index(node.slice, receiver)
        helper = emit.helper("torch_assign_index", RUN_TIME_HELPER)
        return f"{helper}({base}, {index}, {value})"
    if not _simple(node):
        raise NeedsTodo("in-place on an expression: assign its out-of-place result by hand")
    return f"{receiver}.assign_value({value})"


def inplace_as_assign_value(call: BoundCall, emit: Emitter) -> str:
    """In-place tensor methods → ``assign_value`` of the out-of-place result (the entry's target).

    MindSpore 2.10's in-place arithmetic leaves a CPU tensor unchanged and ``zero_``/``fill_`` have
    no CPU kernel, but ``Tensor.assign_value`` (Parameters included) writes and returns the tensor,
    as torch's in-place methods do. ``.data`` is stripped from the receiver: in MindSpore it is a
    copy, so writing to it would change nothing.

    An indexed receiver is a view in torch only for basic indexing (slices, whole numbers, ``...``,
    ``None``); there the result is written back with item assignment through a generated helper
    that returns the written part, as the in-place method returns the view.

        x.mul_(2)                  →  x.assign_value(ops.mul(x, 2))
        self.weight.data.zero_()   →  self.weight.assign_value(ops.zeros_like(self.weight))
        m.bias.data.fill_(0.1)     →  m.bias.assign_value(ops.full_like(m.bias, 0.1))
        b[n : 2 * n].zero_()       →  torch_assign_index(b, slice(n, 2 * n, None), ops.zeros_like(b[n : 2 * n]))
        self.b[0, ::2].data.fill_(1.0)
                                   →  torch_assign_index(self.b, (0, slice(None, None, 2)),
                                                         ops.full_like(self.b[0, ::2], 1.0))
        f(x).mul_(2)               →  TODO (the receiver would be evaluated twice)
        x[mask].zero_()            →  TODO (advanced indexing copies in torch: nothing is written)
    """
    receiver, node = receiver_node(call)
    args = [call.text(p.name) for p in call.entry.params
            if not p.star and not p.keyword_only and call.given(p.name)]
    value = f"{emit.ref(call.entry.target)}({', '.join([receiver, *args])})"
    return value if fresh_receiver(call) else write_back(emit, receiver, node, value)


INPLACE_AS_ASSIGN_VALUE = EntryTransform("inplace_as_assign_value", inplace_as_assign_value)


INPLACE_HELPER = '''
def torch_inplace(fn, tensor, *args, **kwargs):
    """fn fills tensor in place and returns None; torch's function returns the tensor (generated
    by torch2ms)."""
    fn(tensor, *args, **kwargs)
    return tensor
'''


def inplace_returns_tensor(call: BoundCall, emit: Emitter) -> str:
    """An in-place target that returns None where torch returns the tensor it fills (paddle's
    ``nn.init.*`` and ``Tensor.set_value``): where the value is used, the call goes through a
    generated helper that returns the tensor; a whole statement keeps the plain call. The entry's
    target is a function taking the tensor first (a method's: the unbound ``paddle.Tensor.<name>``).

        t = nn.init.dirac_(w, groups=2)    →  t = torch_inplace(nn.init.dirac_, w, groups=2)
        y = x.copy_(src)                   →  y = torch_inplace(paddle.Tensor.set_value, x, src)
        statement nn.init.zeros_(w)        →  nn.init.zeros_(w)
        statement x.copy_(src)             →  x.set_value(src)
    """
    fn = emit.ref(call.entry.target)
    if call.value_unused:
        if call.receiver:
            return f"{call.receiver}.{fn.rsplit('.', 1)[1]}({emit.arguments(call)})"
        return f"{fn}({emit.arguments(call)})"
    if call.receiver:
        lead, skip = [call.receiver], ()
    else:
        first = call.entry.params[0].name
        lead, skip = [call.text(first)], (first,)
    return f"{emit.helper('torch_inplace', INPLACE_HELPER)}({fn}, {emit.arguments(call, lead, skip)})"


INPLACE_RETURNS_TENSOR = EntryTransform("inplace_returns_tensor", inplace_returns_tensor)
