"""Values: constant results, argument values turned around, and small value rewrites."""

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


def literal_none(call: BoundCall, emit: Emitter) -> str:
    """A query that has no answer outside torch's tracer becomes the literal ``None``.

        torch._C._get_tracing_state()  →  None
    """
    return "None"


LITERAL_NONE = EntryTransform("literal_none", literal_none)



def literal_false(call: BoundCall, emit: Emitter) -> str:
    """A call that is always false outside TorchScript / tracing becomes the literal ``False``.

        torch.jit.is_scripting()  →  False
        torch.jit.is_tracing()    →  False
    """
    return "False"


LITERAL_FALSE = EntryTransform("literal_false", literal_false)



def first_argument(call: BoundCall, emit: Emitter) -> str:
    """A call that returns its first argument unchanged, where the target needs no call at all.

        torch.fx.wrap("my_function")   →  "my_function"
    """
    first = call.entry.params[0].name
    return call.text(first)


FIRST_ARGUMENT = EntryTransform("first_argument", first_argument)



def last_argument(call: BoundCall, emit: Emitter) -> str:
    """A call that returns its last argument unchanged, where the target needs no call at all.

        torch.jit.annotate(List[int], [])   →  []
    """
    return call.text(call.entry.params[-1].name)


LAST_ARGUMENT = EntryTransform("last_argument", last_argument)



def assert_expression(call: BoundCall, emit: Emitter) -> str:
    """``torch._assert(cond, msg)`` → an expression that evaluates to ``None`` when ``cond`` holds
    and raises ``AssertionError(msg)`` otherwise (like ``torch._assert``, also under ``python -O``).

        torch._assert(x.ndim == 4, "4-D input")
            →  None if (x.ndim == 4) else (_ for _ in ()).throw(AssertionError("4-D input"))
    """
    cond = parenthesize(call.values["condition"].text)
    msg = call.values["message"].text.strip()
    return f"None if {cond} else (_ for _ in ()).throw(AssertionError({msg}))"


ASSERT_EXPRESSION = EntryTransform("assert_expression", assert_expression)



def sequence_as_tuple(text: str, node: ast.expr | None) -> str:
    """A shape argument that the target takes only as a tuple (MindSpore ``ops.affine_grid`` rejects
    lists). Tuples and ``.shape`` stay; a list literal becomes a tuple literal; anything else is
    converted when it runs.

        (n, c, h, w)    →  (n, c, h, w)
        [n, c, h, w]    →  (n, c, h, w)
        x.shape         →  x.shape
        size            →  tuple(size)
    """
    t = text.strip()
    try:  # the rewritten text decides (torch's x.size() is already x.shape here)
        node = ast.parse(t, mode="eval").body
    except SyntaxError:
        return f"tuple({t})"
    if isinstance(node, ast.Tuple) or (isinstance(node, ast.Attribute) and node.attr == "shape"):
        return t
    if isinstance(node, ast.List) and t.startswith("[") and t.endswith("]"):
        inner = t[1:-1].strip().rstrip(",")
        return f"({inner},)" if len(node.elts) == 1 else f"({inner})"
    return f"tuple({t})"


SEQUENCE_AS_TUPLE = ValueTransform("sequence_as_tuple", sequence_as_tuple)



def none_as_false(text: str, node: ast.expr | None) -> str:
    """An optional flag whose ``None`` means ``False`` (torch ``align_corners``) for a target that
    takes only a bool.

        None    →  False
        True    →  True
        flag    →  bool(flag)      (None at run time becomes False)
    """
    value = literal(node) if node is not None else literal(ast.parse(text.strip(), mode="eval").body)
    if value is None:
        return "False"
    if isinstance(value, bool):
        return repr(value)
    return f"bool({text.strip()})"


NONE_AS_FALSE = ValueTransform("none_as_false", none_as_false)



def logical_not(text: str, node: ast.expr | None) -> str:
    """``v`` → ``not v``: an option whose meaning is inverted in the target (torch AvgPool's
    ``count_include_pad`` is Paddle's ``exclusive``).

        count_include_pad=True    →  exclusive=False
        count_include_pad=False   →  exclusive=True
        count_include_pad=flag    →  exclusive=not flag
    """
    value = literal(node) if node is not None else literal(ast.parse(text.strip(), mode="eval").body)
    if isinstance(value, bool):
        return repr(not value)
    return f"not {parenthesize(text)}"


LOGICAL_NOT = ValueTransform("logical_not", logical_not)



def one_minus(text: str, node: ast.expr | None) -> str:
    """``m`` → ``1 - m``: torch's BatchNorm momentum weighs the new batch, MindSpore's and Paddle's
    weigh the running statistic.

        nn.BatchNorm2d(8, momentum=0.1)   →  nn.BatchNorm2d(8, momentum=0.9)
        nn.BatchNorm2d(8, momentum=m)     →  nn.BatchNorm2d(8, momentum=1 - m)
        nn.BatchNorm2d(8, momentum=None)  →  TODO (cumulative average has no equivalent)
    """
    value = literal(node) if node is not None else literal(ast.parse(text, mode="eval").body)
    if value is None:
        raise NeedsTodo("momentum=None (cumulative moving average) has no equivalent")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(round(1 - value, 12))
    return f"1 - {parenthesize(text)}"


ONE_MINUS = ValueTransform("one_minus", one_minus)



def matrix_transpose(text: str, node: ast.expr | None) -> str:
    """``w`` → ``w.T``: a weight stored [out, in] by torch for a target that takes [in, out]
    (``F.linear``).

        weight          →  weight.T
        self.fc.weight  →  self.fc.weight.T
        a + b           →  (a + b).T
    """
    return f"{parenthesize(text)}.T"


MATRIX_TRANSPOSE = ValueTransform("matrix_transpose", matrix_transpose)



def indexing_default_ij(text: str, node: ast.expr | None) -> str:
    """``indexing``: torch's default (``None``) is the legacy ``'ij'`` order; targets whose default
    is ``'xy'`` must be told explicitly.

        torch.meshgrid(a, b)                  →  ops.meshgrid(a, b, indexing='ij')
        torch.meshgrid(a, b, indexing=None)   →  ops.meshgrid(a, b, indexing='ij')
        torch.meshgrid(a, b, indexing='xy')   →  ops.meshgrid(a, b, indexing='xy')
    """
    if text.strip() == "None":
        return "'ij'"
    return text


INDEXING_DEFAULT_IJ = ValueTransform("indexing_default_ij", indexing_default_ij)



def explicit_dim_as_axis(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """A ``dim`` that torch lets default to an implicit, shape-dependent choice (``F.softmax``):
    given → ``axis=``; omitted → TODO, since the target's default (-1) may differ.

        F.softmax(x, 1)     →  F.softmax(x, axis=1)
        F.softmax(x)        →  TODO: pass dim explicitly
    """
    if not call.given(name):
        raise NeedsTodo("without dim torch picks an implicit dimension (deprecated); pass dim explicitly")
    return {"axis": call.text(name)}


EXPLICIT_DIM_AS_AXIS = ArgTransform("explicit_dim_as_axis", explicit_dim_as_axis)



def disabled_region(call: BoundCall, emit: Emitter) -> str:
    """A context manager that translates only when it is switched off by a literal ``enabled=False``
    (``torch.autocast``: the region's precision rules differ between the frameworks, a region with
    autocast off does not). Omitted, ``enabled`` is torch's default True: the call stays a TODO.
    The entry's ``args`` say what the other arguments become.

        torch.autocast("cuda", enabled=False)  →  contextlib.nullcontext()
    """
    value = call.values.get("enabled")
    if value is None or not value.given or value.node is None or literal(value.node) is not False:
        spec = call.entry.args.get("enabled")
        raise NeedsTodo(f"enabled={value.text if value is not None and value.given else 'True'}: "
                        f"{spec.reason if spec is not None else 'only enabled=False translates'}")
    return f"{emit.ref(call.entry.target)}({emit.arguments(call)})"


DISABLED_REGION = EntryTransform("disabled_region", disabled_region)
