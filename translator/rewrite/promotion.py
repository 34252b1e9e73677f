"""Tensor arithmetic with torch's type promotion, for a target that refuses mixed dtypes.

torch promotes ``int32_tensor + float32_tensor`` to float32; Paddle raises ("Type promotion only
support calculations between floating-point numbers"). Whether two operands hold tensors of
different dtypes cannot be told from the text, and wrapping every ``+`` of a file would make the
arithmetic unreadable. So the rewrite is scoped to where the source itself shows an integer (or
bool) tensor coming into being: a function that creates one (``dtype=torch.int32``, ``.long()``,
``.to(torch.int64)``, ``torch.arange``, ``torch.tensor`` or ``torch.as_tensor`` with no float
literal in its data and no dtype) has its tensor-by-tensor arithmetic
(``+ - * / // %`` with neither side a literal number, which the target promotes itself) written as
``torch_arith(a, "+", b)``: the operands are cast to torch's result dtype first, then the operator
runs. Operands that are not both tensors, or share a dtype, go straight to the operator.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from translator.rewrite.context import FileContext
from translator.rewrite.emitter import FileEmitter

# torch dtypes (as resolved names) whose tensors the target will not mix with floating ones
_INTEGER_DTYPES = frozenset(f"torch.{n}" for n in (
    "int8", "int16", "int32", "int64", "int", "long", "short", "uint8", "bool"))
# tensor methods that return an integer or bool tensor
_INTEGER_METHODS = frozenset({"long", "int", "short", "byte", "char", "bool"})
# factories whose dtype follows their data: integer unless a float shows in it (``torch.tensor([h,
# w])`` of sizes is int64, torchvision's ssdlite anchors multiply float boxes by it)
_INFERRING_FACTORIES = frozenset({"torch.arange", "torch.tensor", "torch.as_tensor"})
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%"}
# the scan report names the use by the torch operator method it stands for
_OPERATOR_APIS = {"+": "Tensor.__add__", "-": "Tensor.__sub__", "*": "Tensor.__mul__",
                  "/": "Tensor.__truediv__", "//": "Tensor.__floordiv__", "%": "Tensor.__mod__"}

HELPER_NAME = "torch_arith"

_HELPER = '''
_TORCH_ARITH_KINDS = ("bool", "int", "float", "complex")
_TORCH_ARITH_WIDTHS = ("uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64")
_TORCH_ARITH_OPS = {{
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "//": lambda a, b: a // b, "%": lambda a, b: a % b,
}}


def _torch_arith_name(dtype):
    return str(dtype).lower().rsplit(".", 1)[-1]


def _torch_arith_kind(dtype):
    name = _torch_arith_name(dtype)
    return max((i for i, kind in enumerate(_TORCH_ARITH_KINDS) if kind in name), default=0)


def torch_result_dtype(a, b):
    """The dtype torch gives ``a op b`` for two tensors: the higher kind (bool < int < float <
    complex) wins; a 0-d tensor decides only when its kind is higher than the other's; within a
    kind the wider dtype wins (uint8 with int8 is int16, float16 with bfloat16 is float32)."""
    if (a.ndim == 0) != (b.ndim == 0):
        dim, zero = (a, b) if b.ndim == 0 else (b, a)
        return zero.dtype if _torch_arith_kind(zero.dtype) > _torch_arith_kind(dim.dtype) else dim.dtype
    if _torch_arith_kind(a.dtype) != _torch_arith_kind(b.dtype):
        return max(a.dtype, b.dtype, key=_torch_arith_kind)
    names = {{_torch_arith_name(a.dtype), _torch_arith_name(b.dtype)}}
    if names == {{"uint8", "int8"}}:
        return {int16}
    if names == {{"float16", "bfloat16"}}:
        return {float32}
    return max(a.dtype, b.dtype, key=lambda d: _TORCH_ARITH_WIDTHS.index(_torch_arith_name(d))
               if _torch_arith_name(d) in _TORCH_ARITH_WIDTHS else -1)


def torch_arith(a, op, b):
    """``a op b`` with torch's type promotion: {target} refuses arithmetic between tensors of
    different kinds (int32 + float32), which torch computes in the promoted dtype."""
    if isinstance(a, {tensor}) and isinstance(b, {tensor}) and a.dtype != b.dtype:
        dtype = torch_result_dtype(a, b)
        a = a if a.dtype == dtype else a.astype(dtype)
        b = b if b.dtype == dtype else b.astype(dtype)
    return _TORCH_ARITH_OPS[op](a, b)
'''


def creates_integer_tensor(function: ast.AST, resolve: Callable[[ast.AST], str | None]) -> bool:
    """Whether ``function``'s own body (not the functions or classes nested in it) makes an
    integer or bool tensor that its arithmetic may then mix with floating tensors."""
    for node in _own_nodes(function):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg == "dtype" and resolve(kw.value) in _INTEGER_DTYPES:
                return True
        func = node.func
        if isinstance(func, ast.Attribute) and resolve(func) is None:
            if func.attr in _INTEGER_METHODS and not node.args and not node.keywords:
                return True
            if func.attr in ("to", "type") and any(resolve(a) in _INTEGER_DTYPES for a in node.args):
                return True
        if resolve(func) in _INFERRING_FACTORIES and not any(kw.arg == "dtype" for kw in node.keywords) \
                and not any(_has_float_literal(a) for a in node.args):
            return True
    return False


def _has_float_literal(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, float) for n in ast.walk(node))


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


def _literal_number(node: ast.expr) -> bool:
    while isinstance(node, ast.UnaryOp):
        node = node.operand
    return isinstance(node, ast.Constant)


def promotes(node: ast.BinOp) -> bool:
    """Whether ``node`` is arithmetic the target may refuse: both sides could be tensors."""
    return type(node.op) in _OPERATORS and not _literal_number(node.left) and not _literal_number(node.right) \
        and not isinstance(node.left, (ast.JoinedStr, ast.List, ast.Tuple, ast.Dict, ast.Set)) \
        and not isinstance(node.right, (ast.JoinedStr, ast.List, ast.Tuple, ast.Dict, ast.Set))


def rewrite_promoting(ctx: FileContext, node: ast.BinOp) -> None:
    """``a + b`` → ``torch_arith(a, "+", b)`` (children already rewritten; their text is kept)."""
    op = _OPERATORS[type(node.op)]
    counterpart = FileEmitter(ctx).counterpart
    helper = ctx.helper(HELPER_NAME, lambda: _HELPER.format(
        tensor=counterpart("torch.Tensor"), int16=counterpart("torch.int16"),
        float32=counterpart("torch.float32"), target=ctx.tables.target.name))
    left, right = ctx.edits.node_text(node.left), ctx.edits.node_text(node.right)
    ctx.edits.replace(*ctx.source.span(node), f'{helper}({left}, "{op}", {right})')
    ctx.record_use(_OPERATOR_APIS[op], node)
