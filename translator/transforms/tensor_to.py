"""``Tensor.to``: a dtype conversion becomes ``astype``; a device move is dropped (MindSpore
tensors have no per-tensor device). Anything else stays a TODO.

    x.to(torch.float16)              →  x.astype(ms.float16)
    x.to(y.dtype)                    →  x.astype(y.dtype)
    x.to(dtype=torch.long)           →  x.astype(ms.int64)
    x.to(device)                     →  x
    x.to(x.device, torch.float16)    →  x.astype(ms.float16)
    x.to('cuda', non_blocking=True)  →  x
    x.to(y)                          →  TODO (tensor argument: dtype and device of y)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform, NeedsTodo, parenthesize

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


def tensor_to(call: BoundCall) -> str:
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
            raise NeedsTodo(f"cannot tell statically whether {ast.unparse(arg)!r} is a dtype, a device or a "
                            "tensor; use .astype(dtype) for a dtype and drop a device move")
    receiver = parenthesize(call.receiver)
    if dtype is None:
        return receiver
    return f"{receiver}.{call.entry.target}({dtype})"


TRANSFORM = EntryTransform("tensor_to", tensor_to)
