"""Dtypes: defaults the target infers differently, dtype arguments it requires, results cast to torch's dtype."""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import (
    ArgTransform,
    Emitter,
    EntryTransform,
    NeedsTodo,
    ValueTransform,
    literal,
    parenthesize,
)


def none_as_float32(text: str, node: ast.expr | None) -> str:
    """A dtype whose ``None`` means torch's default float dtype, for a target that would otherwise
    infer one from the value (``paddle.to_tensor(3)`` is int64, ``torch.scalar_tensor(3)`` float32).

        None           →  'float32'
        paddle.float16 →  paddle.float16   (the value arrives translated by the dtype tables)
    """
    value = literal(node) if node is not None else literal(ast.parse(text.strip(), mode="eval").body)
    return "'float32'" if value is None else text.strip()


NONE_AS_FLOAT32 = ValueTransform("none_as_float32", none_as_float32)



def fill_dtype_from_value(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """torch ``full`` infers the dtype from the fill value (an int gives int64); a target that
    defaults to float32 needs it written out.

        dtype=torch.int32 given     →  dtype=<as given>
        fill 3   (int literal)      →  dtype='int64'
        fill 0.5 / True / float(v)  →  (nothing: float32 / bool, as the target infers)
        fill v   (unknown type)     →  TODO: pass dtype= explicitly
    """
    if call.given(name):
        return {"dtype": call.text(name)}
    node = call.values["fill_value"].node
    value = literal(node)
    if isinstance(value, (bool, float)):
        return {}
    if isinstance(value, int):
        return {"dtype": "'int64'"}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
        return {}
    raise NeedsTodo("torch infers the dtype from the fill value (int -> int64, float -> float32); "
                    "pass dtype= explicitly")


FILL_DTYPE_FROM_VALUE = ArgTransform("fill_dtype_from_value", fill_dtype_from_value)



def dtype_required_unless_int_fill(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """``dtype`` of ``full``: torch infers it from ``fill_value`` (bool → bool, int → int64,
    float → float32); a target that makes every Python number int64 needs ``dtype`` spelled out
    unless the fill value is an int literal.

        torch.full((2, 3), 7)                        →  ops.full((2, 3), 7)
        torch.full((2, 3), 0.5, dtype=torch.float32) →  ops.full((2, 3), 0.5, dtype=ms.float32)
        torch.full((2, 3), 0.5)                      →  TODO (pass dtype=)
    """
    value = call[name]
    if value.given and value.text.strip() != "None":
        return {name: value.text}
    fill = literal(call["fill_value"].node)
    if isinstance(fill, int) and not isinstance(fill, bool):
        return {}
    raise NeedsTodo("no dtype: torch infers it from fill_value (float32 for floats, bool for bools); "
                    "pass dtype= explicitly")


DTYPE_REQUIRED_UNLESS_INT_FILL = ArgTransform("dtype_required_unless_int_fill", dtype_required_unless_int_fill)



def _known_dtype(node: ast.expr | None) -> bool:
    """``torch.<dtype>`` or ``<something>.dtype``: never None."""
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == "dtype":
        return True
    return isinstance(node.value, ast.Name) and node.value.id == "torch"


def layer_dtype(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """A layer's ``dtype=`` (the dtype of its parameters) for a target layer whose ``dtype``
    defaults to float32 and does not accept ``None`` (MindSpore ``nn.Dense``/``nn.Conv2d``).
    torch's ``None`` means its default float dtype, float32: it is left out; a dtype known only at
    run time falls back to float32 when it is ``None``.

        dtype omitted / dtype=None   →  (nothing)
        dtype=torch.float16          →  dtype=ms.float16
        dtype=l.weight.dtype         →  dtype=l.weight.dtype
        dtype=dtype                  →  dtype=dtype or ms.float32
    """
    value = call[name]
    if not value.given or (not call.run_time and literal(value.node) is None):
        return {}
    keyword = call.entry.args[name].name or name
    text = value.text.strip()
    if not call.run_time and _known_dtype(value.node):
        return {keyword: text}
    return {keyword: f"{parenthesize(text)} or {emit.counterpart('torch.float32')}"}


LAYER_DTYPE = ArgTransform("layer_dtype", layer_dtype)



def result_as_int64(call: BoundCall, emit: Emitter) -> str:
    """The entry's target, then ``.astype('int64')``: for a target that returns another dtype where
    torch returns int64 (paddle's ``F.one_hot`` gives float32). Arguments follow the entry's specs.

        F.one_hot(x, 3)             →  F.one_hot(x, 3).astype('int64')
        F.one_hot(t, num_classes=n) →  F.one_hot(t, num_classes=n).astype('int64')
    """
    return f"{emit.ref(call.entry.target)}({emit.arguments(call, [])}).astype('int64')"


RESULT_AS_INT64 = EntryTransform("result_as_int64", result_as_int64)


def dtype_as_cast(call: BoundCall, emit: Emitter) -> str:
    """The entry's target without ``dtype``, its result cast with ``.astype(dtype)``: for a target
    function that has no dtype argument and returns torch's default float dtype (MindSpore's
    ``ops.linspace``). The dtype arrives translated; a dtype held in a variable is cast as well
    (None there fails loudly in ``astype``, never silently). Other arguments follow the entry's specs.

        torch.linspace(0, 1, 5)                        →  ops.linspace(0, 1, 5)
        torch.linspace(0, 1, 5, dtype=torch.float64)   →  ops.linspace(0, 1, 5).astype(ms.float64)
        torch.linspace(0, 1, 5, dtype=None)            →  ops.linspace(0, 1, 5)
    """
    text = f"{emit.ref(call.entry.target)}({emit.arguments(call, [], skip=('dtype',))})"
    value = call["dtype"]
    if not value.given or literal(value.node) is None:
        return text
    return f"{text}.astype({value.text.strip()})"


DTYPE_AS_CAST = EntryTransform("dtype_as_cast", dtype_as_cast)



HELPER = '''
def torch_int64_indices(result):
    """(values, indices) with torch's int64 indices (generated by torch2ms)."""
    values, indices = result
    return values, indices.astype("int64")
'''


def indices_as_int64(call: BoundCall, emit: Emitter) -> str:
    """A ``(values, indices)`` result whose indices the target gives as int32 gets torch's int64
    indices through a generated helper (torch code compares and indexes with them, and
    concatenating int32 with int64 indices fails).

        torch.topk(x, 2, dim=1)        →  torch_int64_indices(ops.topk(x, 2, dim=1))
        x.sort(1, descending=True)     →  torch_int64_indices(x.sort(axis=1, descending=True))
    """
    helper = emit.helper("torch_int64_indices", HELPER)
    args = emit.arguments(call, [])
    if call.entry.kind == "method":
        return f"{helper}({parenthesize(call.receiver)}.{call.entry.target}({args}))"
    return f"{helper}({emit.ref(call.entry.target)}({args}))"


INDICES_AS_INT64 = EntryTransform("indices_as_int64", indices_as_int64)



_TORCH_DTYPES = {
    "float32", "float", "float16", "half", "bfloat16", "float64", "double", "int64", "long",
    "int32", "int", "int16", "short", "int8", "uint8", "bool", "complex64", "complex128",
}


def _is_dtype(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        if node.attr == "dtype":
            return True
        return isinstance(node.value, ast.Name) and node.value.id == "torch" and node.attr in _TORCH_DTYPES
    return False


def _is_device(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.split(":")[0] in ("cpu", "cuda", "mps", "xpu", "meta")
    if isinstance(node, ast.Attribute):
        return node.attr == "device"
    if isinstance(node, ast.Name):
        return node.id == "device" or node.id.endswith("_device")
    if isinstance(node, ast.Call):
        func = node.func
        return isinstance(func, ast.Attribute) and func.attr == "device"
    return False


def _split(text: str) -> list[str]:
    """The (already rewritten) texts of the positional arguments joined in ``text``."""
    if not text.strip():
        return []
    tree = ast.parse(f"f({text})", mode="eval").body
    return [ast.get_source_segment(f"f({text})", a) for a in tree.args]


RUN_TIME_HELPER = '''
def torch_tensor_to(x, *args, dtype=None):
    """Tensor.to with arguments known only at run time (generated by torch2ms): a tensor
    argument gives its dtype, a device (a string, None or a device object) has no effect,
    anything else is a dtype."""
    for arg in (*args, dtype):
        if arg is None or isinstance(arg, (str, bool)) or type(arg).__name__ == "device":
            continue
        return x.{cast}(arg.dtype if hasattr(arg, "shape") and hasattr(arg, "dtype") else arg)
    return x
'''


def tensor_to(call: BoundCall, emit: Emitter) -> str:
    """``Tensor.to``: a dtype conversion becomes ``astype``; a device move is dropped (MindSpore
    tensors have no per-tensor device). Anything else stays a TODO.

        x.to(torch.float16)              →  x.astype(ms.float16)
        x.to(y.dtype)                    →  x.astype(y.dtype)
        x.to(dtype=torch.long)           →  x.astype(ms.int64)
        x.to(device)                     →  x
        x.to(x.device, torch.float16)    →  x.astype(ms.float16)
        x.to('cuda', non_blocking=True)  →  x
        x.to(y)                          →  torch_tensor_to(x, y)   (decided at run time)
        x.to(arg)                        →  torch_tensor_to(x, arg)
    """
    node = call.call
    for name in ("copy", "memory_format"):
        if call.given(name) and call.text(name).strip() not in ("False", "torch.preserve_format"):
            raise NeedsTodo(f"Tensor.to({name}=...) has no equivalent")
    dtype = call.text("dtype") if call.given("dtype") else None
    texts = _split(call.values["args"].text) if node.args else []
    for i, (arg, text) in enumerate(zip(node.args, texts, strict=True)):
        if _is_dtype(arg):
            if dtype is not None:
                raise NeedsTodo("two dtypes given")
            dtype = text
        elif _is_device(arg) or (i > 0 and isinstance(arg, ast.Constant) and isinstance(arg.value, bool)):
            continue  # a device (or non_blocking): no effect in the target
        else:
            # a dtype, a device or a tensor: only the value at run time can tell
            helper = emit.helper("torch_tensor_to", RUN_TIME_HELPER.format(cast=call.entry.target))
            rest = f", dtype={call.text('dtype')}" if call.given("dtype") else ""
            return f"{helper}({', '.join([call.receiver, *texts])}{rest})"
    receiver = parenthesize(call.receiver)
    if dtype is None:
        return receiver
    return f"{receiver}.{call.entry.target}({dtype})"


TENSOR_TO = EntryTransform("tensor_to", tensor_to)
