"""Method forms: tensor methods the target offers as functions, with other arguments, or not at all."""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, EntryTransform, NeedsTodo, literal, parenthesize


def method_as_function(call: BoundCall, emit: Emitter) -> str:
    """A Tensor method the target has only as a function: the receiver becomes the first argument
    of the entry's target, always (also without further arguments); the other arguments follow the
    table's ``args`` specs.

        x.detach()            →  ops.stop_gradient(x)
        (a * b).detach()      →  ops.stop_gradient(a * b)
        x.log_softmax(1)      →  ops.log_softmax(x, 1)
        x.log_softmax(dim=1)  →  ops.log_softmax(x, axis=1)
    """
    return f"{emit.ref(call.entry.target)}({emit.arguments(call, [call.receiver.strip()])})"


METHOD_AS_FUNCTION = EntryTransform("method_as_function", method_as_function)



def render_arguments(call: BoundCall) -> list[str]:
    """The given arguments as source text, positional ones first, in torch's order."""
    positional: list[tuple[int, str]] = []
    keywords: list[str] = []
    for param in call.entry.params:
        value = call.values.get(param.name)
        if value is None or not value.given:
            continue
        if param.star == "*":
            positional.append((value.position or 0, value.text))
        elif value.keyword is not None:
            spec = call.entry.args.get(param.name)
            name = spec.name if spec is not None and spec.name else param.name
            keywords.append(f"{name}={value.text}")
        else:
            positional.append((value.position or 0, value.text))
    return [t for _, t in sorted(positional)] + keywords


def has_string_literal(call: BoundCall) -> bool:
    return any(v.given and v.node is not None and isinstance(literal(v.node), str)
               for v in call.values.values())


def unchanged_method(call: BoundCall) -> str:
    return f"{parenthesize(call.receiver)}.{call.entry.short}({', '.join(render_arguments(call))})"


def receiver_as_first_argument(call: BoundCall, emit: Emitter) -> str:
    """``x.m(args)`` → ``target(x, args)``: a tensor method whose torch meaning the target offers only
    as a function taking the tensor first (``paddle.compat.split``, ``paddle.compat.max``).

    Arguments are passed on as written; a keyword is renamed when the entry's ``args`` says so. A call with no
    arguments, or with a string literal argument, is left as it is: ``x.max()`` already means the
    same in the target, and ``line.split(",")`` is ``str.split``, not a tensor method.

        x.split(2, dim=1)   →  paddle.compat.split(x, 2, dim=1)
        x.max(1)            →  paddle.compat.max(x, 1)
        x.max()             →  x.max()
        line.split(",")     →  line.split(",")
    """
    args = render_arguments(call)
    if not args or has_string_literal(call):
        return unchanged_method(call)
    return f"{emit.ref(call.entry.target)}({', '.join([call.receiver.strip(), *args])})"


def is_plain_reference(text: str) -> bool:
    """A name or attribute chain (``x``, ``self.w``): safe to evaluate twice."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return False
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


RECEIVER_AS_FIRST_ARGUMENT = EntryTransform("receiver_as_first_argument", receiver_as_first_argument)



def method_args_positional(call: BoundCall, emit: Emitter) -> str:
    """A Tensor method (or a call) whose target accepts its arguments only positionally: every
    argument is passed positionally in torch's order (omitted earlier ones get torch's default); the
    method (or callee) becomes the entry's target.

        x.squeeze(dim=1)  →  x.squeeze(1)
        x.squeeze(1)      →  x.squeeze(1)
        x.squeeze()       →  x.squeeze()
        nn.ModuleList(modules=d)  →  nn.CellList(d)
    """
    params = [p for p in call.entry.params if not p.star]
    last = max((i for i, p in enumerate(params) if call.values[p.name].given), default=-1)
    texts = []
    for p in params[: last + 1]:
        spec = call.entry.args.get(p.name)
        if spec is not None and spec.action == "drop":
            if call.values[p.name].given and p is params[last]:
                raise NeedsTodo(f"argument {p.name!r} cannot be dropped from a positional list")
            continue
        texts.append(call.values[p.name].text)
    if call.entry.kind != "method":
        return f"{emit.ref(call.entry.target)}({', '.join(texts)})"
    return f"{parenthesize(call.receiver)}.{call.entry.target}({', '.join(texts)})"


METHOD_ARGS_POSITIONAL = EntryTransform("method_args_positional", method_args_positional)



def method_size_to_shape(call: BoundCall, emit: Emitter) -> str:
    """``x.size()`` → ``x.shape``; ``x.size(d)`` → ``x.shape[d]`` (MindSpore's ``Tensor.size`` is the
    element count, an int property).

        x.size()        →  x.shape
        x.size(1)       →  x.shape[1]
        x.size(dim=-1)  →  x.shape[-1]
        (a + b).size(0) →  (a + b).shape[0]
    """
    receiver = parenthesize(call.receiver)
    dim = call.values["dim"]
    if not dim.given:
        return f"{receiver}.shape"
    return f"{receiver}.shape[{dim.text}]"


METHOD_SIZE_TO_SHAPE = EntryTransform("method_size_to_shape", method_size_to_shape)



def chunk_as_split_sizes(call: BoundCall, emit: Emitter) -> str:
    """torch ``chunk`` → a split into chunks of ``ceil(n / chunks)`` (the last one smaller), which is
    how torch defines chunk; the target's own chunk requires an even split.

    The entry's target is a split function with torch's ``split`` meaning (size of each chunk).
    The size needs the input twice, so that form is used only when the input is a plain name or
    attribute chain; any other input keeps the method form ``.chunk(chunks, dim)`` (exact when the
    split is even, an error when it is not).

        torch.chunk(x, 3, dim=1)   →  paddle.compat.split(x, -(-x.shape[1] // 3), 1)
        x.chunk(2)                 →  paddle.compat.split(x, -(-x.shape[0] // 2), 0)
        self.qkv(x).chunk(3, -1)   →  self.qkv(x).chunk(3, -1)
    """
    x = call.receiver if call.entry.kind == "method" else call.text("input")
    x = x.strip()
    chunks = call.text("chunks")
    dim = call.text("dim") if call.given("dim") else "0"
    if is_plain_reference(x):
        size = f"-(-{x}.shape[{dim}] // {parenthesize(chunks)})"
        return f"{emit.ref(call.entry.target)}({x}, {size}, {dim})"
    return f"{parenthesize(x)}.chunk({chunks}, {dim})"


CHUNK_AS_SPLIT_SIZES = EntryTransform("chunk_as_split_sizes", chunk_as_split_sizes)



def _is_dim(node: ast.expr | None) -> bool:
    value = literal(node)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, tuple) and all(isinstance(v, int) for v in value))


def max_min_over_dim(call: BoundCall, emit: Emitter) -> str:
    """``torch.max``/``torch.min`` (and ``amax`` style reductions): three torch forms, told apart
    by the second argument.

        torch.max(x)                  →  x.max()                      (full reduction, one value)
        torch.max(x, 1)               →  ops.max(x, axis=1)           ((values, indices))
        torch.max(x, dim=1, keepdim=True) →  ops.max(x, axis=1, keepdims=True)
        torch.max(a, b)               →  TODO (element-wise maximum: use the maximum function)
        torch.max(x, d)               →  TODO (``d`` may be a dim or a tensor)

    The method name of the full reduction is the last part of the entry's key; the dim form uses
    the entry's target and ``args`` specs.
    """
    dim = call.values["dim"]
    if not dim.given:
        if call.given("keepdim"):
            raise NeedsTodo("keepdim without dim")
        return f"{parenthesize(call.values['input'].text)}.{call.entry.key.rsplit('.', 1)[-1]}()"
    if dim.keyword is None and not _is_dim(dim.node):
        raise NeedsTodo(f"cannot tell statically whether {dim.text!r} is a dim or a tensor (element-wise "
                        "form); pass dim= by keyword, or use the element-wise maximum/minimum function")
    return f"{emit.ref(call.entry.target)}({emit.arguments(call, [])})"


MAX_MIN_OVER_DIM = EntryTransform("max_min_over_dim", max_min_over_dim)



def where_condition_only_as_nonzero(call: BoundCall, emit: Emitter) -> str:
    """``torch.where(condition)`` (indices where it holds, one tensor per dim) for a target whose
    ``where`` takes only the three-argument form: ``nonzero`` from the same module as the target,
    transposed into a tuple. The three-argument form goes to the target as the table says.

        torch.where(c)           →  tuple(ops.nonzero(c).T)
        torch.where(c, x, y)     →  ops.where(c, x, y)
    """
    if call.given("input") != call.given("other"):
        raise NeedsTodo("torch.where takes either one argument or three")
    if call.given("input"):
        return f"{emit.ref(call.entry.target)}({emit.arguments(call, [])})"
    module = call.entry.target.rsplit(".", 1)[0]
    return f"tuple({emit.ref(module + '.nonzero')}({call.text('condition').strip()}).T)"


WHERE_CONDITION_ONLY_AS_NONZERO = EntryTransform("where_condition_only_as_nonzero", where_condition_only_as_nonzero)


def method_as_int_attribute(call: BoundCall, emit: Emitter) -> str:
    """A torch method without arguments that returns a Python int → ``int(<receiver>.<target>)``,
    where the target's method returns another type and an attribute holds the number (paddle's
    ``numel()`` gives a 0-d tensor; its ``size`` is an int subclass computed from the shape).

        x.numel()        →  int(x.size)
        self.w.numel()   →  int(self.w.size)
    """
    return f"int({call.receiver}.{call.entry.target})"


METHOD_AS_INT_ATTRIBUTE = EntryTransform("method_as_int_attribute", method_as_int_attribute)


def dim_not_tensor(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """``dim`` of ``Tensor.max``/``Tensor.min`` for a target whose method has only the reduction
    form: torch's ``x.max(other)`` with a tensor is the element-wise maximum, and a positional
    argument that is not a literal whole number may be that tensor, so it stays a TODO.

        x.max(1)          →  x.max(dim=1)
        x.max(dim=d)      →  x.max(dim=d)
        x.max(y, keepdim=True)  →  TODO
    """
    value = call[name]
    if not value.given:
        return {}
    dim = literal(value.node)
    if value.keyword is None and (isinstance(dim, bool) or not isinstance(dim, int)):
        raise NeedsTodo(f"cannot tell statically whether {value.text!r} is a dim or a tensor (the "
                        "element-wise form): pass dim= by keyword, or use the element-wise "
                        "maximum/minimum function")
    return {name: value.text}


DIM_NOT_TENSOR = ArgTransform("dim_not_tensor", dim_not_tensor)


# keywords torch's var/std take and numpy's do not: a call passing one is torch's
_TORCH_ONLY_REDUCTION_KEYWORDS = ("dim", "keepdim", "unbiased")


def variance_with_ddof(call: BoundCall, emit: Emitter) -> str:
    """``Tensor.var`` / ``Tensor.std`` for a target whose method is numpy's ``(axis, ddof,
    keepdims)`` with ``ddof=0`` by default, where torch's correction is 1. numpy arrays share the
    method name, so only a call that passes a keyword numpy lacks (``dim=``, ``keepdim=``,
    ``unbiased=``) is known to be torch's; it gets torch's correction written out as ``ddof``
    (``unbiased`` as 1 / 0, ``correction`` as it is). Any other call stays a TODO.

        x.var(dim=(2, 3), unbiased=False, keepdim=True)  →  x.var(axis=(2, 3), ddof=0, keepdims=True)
        x.std(dim=1)                                     →  x.std(axis=1, ddof=1)
        x.var(dim=1, unbiased=u)                         →  x.var(axis=1, ddof=int(u))
        x.var(-1, keepdim=True, correction=0)            →  x.var(axis=-1, ddof=0, keepdims=True)
        x.var(1)                                         →  TODO (numpy's var shares the form)
    """
    method = call.entry.key.rsplit(".", 1)[-1]
    used = {v.keyword.arg for v in call.values.values() if v.given and v.keyword is not None}
    if not used & set(_TORCH_ONLY_REDUCTION_KEYWORDS):
        raise NeedsTodo(f"numpy arrays share the method name and default to ddof=0 (torch: correction=1), "
                        f"so the call is left as it is: pass dim= or keepdim= by keyword, or write "
                        f"x.{method}(axis=dim, ddof=1, keepdims=keepdim)")
    if call.given("unbiased") and call.given("correction"):
        raise NeedsTodo("unbiased and correction together (torch rejects the call)")
    if call.given("dim") and call["dim"].keyword is None and isinstance(literal(call["dim"].node), bool):
        raise NeedsTodo(f"x.{method}(True/False) is torch's unbiased form: pass unbiased= by keyword")
    if call.given("correction"):
        ddof = call.text("correction").strip()
    elif call.given("unbiased"):
        flag = literal(call["unbiased"].node)
        ddof = str(int(flag)) if isinstance(flag, bool) else f"int({call.text('unbiased').strip()})"
    else:
        ddof = "1"
    keywords = dict(emit.keywords(call, skip=("unbiased", "correction")))
    parts = [f"{k}={v}" for k, v in keywords.items() if k != "keepdims"] + [f"ddof={ddof}"]
    parts += [f"keepdims={keywords['keepdims']}"] if "keepdims" in keywords else []
    return f"{parenthesize(call.receiver)}.{call.entry.target}({', '.join(parts)})"


VARIANCE_WITH_DDOF = EntryTransform("variance_with_ddof", variance_with_ddof)


UNFOLD_HELPER = '''
def torch_unfold(x, dimension, size, step):
    """torch's Tensor.unfold (generated by torch2ms): the windows of ``size`` elements every
    ``step`` along ``dimension``, which that dim then counts, each window in a new last dim."""
    d = dimension % x.ndim
    count = (x.shape[d] - size) // step + 1
    lead = (slice(None),) * d
    out = {stack}([x[lead + (slice(i * step, i * step + size),)] for i in range(count)], d)
    order = list(range(out.ndim))
    order.append(order.pop(d + 1))
    return out.permute(*order)
'''


def unfold_windows(call: BoundCall, emit: Emitter) -> str:
    """``Tensor.unfold(dimension, size, step)`` (sliding windows along one dim) for a target whose
    ``unfold`` is something else (MindSpore's is im2col): a generated helper slices the windows and
    stacks them with the target's counterpart of ``torch.stack``.

        x.unfold(2, 3, 1)     →  torch_unfold(x, 2, 3, 1)
        self.unfold(x)        →  not this API (does not bind): left alone
    """
    stack = emit.counterpart("torch.stack")
    helper = emit.helper("torch_unfold", lambda: UNFOLD_HELPER.format(stack=stack))
    args = [call.receiver.strip(), *(call.text(n).strip() for n in ("dimension", "size", "step"))]
    return f"{helper}({', '.join(args)})"


UNFOLD_WINDOWS = EntryTransform("unfold_windows", unfold_windows)


DIM_OR_TENSOR_HELPER = '''
def torch_{method}_dim_or_tensor(x, other):
    """x.{method}(other) as torch reads it, decided at run time (generated by torch2ms): a tensor
    gives the element-wise {elementwise}, anything else is a dim ((values, indices))."""
    if isinstance(other, {tensor}):
        return {function}(x, other)
    return x.{method}(dim=other)
'''


def dim_or_tensor_at_run_time(call: BoundCall, emit: Emitter) -> str | None:
    """``x.max(a)`` / ``x.min(a)`` with a positional ``a`` that is no whole-number literal may be
    torch's element-wise form (``a`` a tensor) or the reduction over dim ``a``: a generated helper
    decides when it runs, calling the target's counterpart of ``torch.maximum``/``torch.minimum``
    for a tensor. Every other call is left to the entry's argument specs (None).

        left.max(right)        →  torch_max_dim_or_tensor(left, right)
        x.max(1)               →  x.max(dim=1)   (the entry's argument specs)
        x.max(d, keepdim=True) →  TODO   (keepdim: the reduction; the specs need a literal dim)
    """
    method = call.entry.key.rsplit(".", 1)[-1]
    dim = call["dim"]
    value = literal(dim.node) if dim.given else None
    if (not dim.given or dim.keyword is not None or call.given("keepdim")
            or (isinstance(value, int) and not isinstance(value, bool))):
        return None
    elementwise = {"max": "maximum", "min": "minimum"}[method]
    tensor, function = emit.counterpart("torch.Tensor"), emit.counterpart(f"torch.{elementwise}")
    helper = emit.helper(f"torch_{method}_dim_or_tensor", lambda: DIM_OR_TENSOR_HELPER.format(
        method=method, elementwise=elementwise, tensor=tensor, function=function))
    return f"{helper}({call.receiver.strip()}, {dim.text.strip()})"


DIM_OR_TENSOR_AT_RUN_TIME = EntryTransform("dim_or_tensor_at_run_time", dim_or_tensor_at_run_time)
