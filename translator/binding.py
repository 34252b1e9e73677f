"""Bind a call's arguments to the torch signature recorded in its table entry.

Positional arguments mean different things in torch and in the target (torch ``Conv2d``'s
5th argument is ``padding``, MindSpore's is ``pad_mode``), so every argument is first named by
the torch signature; the rewriter then decides per name.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from translator.diagnostics import NeedsTodo
from translator.tables.schema import Entry

# Other names torch's argument parser takes for its builtins' parameters (python_arg_parser.cpp,
# numpy_compatibility_arg_names): torch.stack(xs, axis=0), x.sum(keepdims=True), torch.abs(x=t).
# A torch function defined in Python rejects them, so binding them for every call or method entry
# without **kwargs changes the meaning of no valid torch code.
TORCH_ALIASES = {"axis": "dim", "keepdims": "keepdim", "x": "input", "a": "input", "x1": "input", "x2": "other"}


class BindError(NeedsTodo):
    """The call does not fit the torch signature at all (for a method: maybe not a tensor)."""


@dataclass
class ArgValue:
    name: str
    node: ast.expr | None  # None when the torch default applies
    text: str  # rewritten source text of the value, or the torch default
    given: bool
    position: int | None = None  # index among positional arguments when passed positionally
    keyword: ast.keyword | None = None
    items: list[str] = field(default_factory=list)  # a *args parameter: each argument's text


@dataclass
class BoundCall:
    entry: Entry
    call: ast.Call
    values: dict[str, ArgValue]
    double_star: list[ast.keyword] = field(default_factory=list)
    receiver: str = ""  # method calls: rewritten text of the object the method is called on
    # inside a generated adapter: every value is a parameter name bound only at run time
    # (a *args parameter's text is the name of the tuple)
    run_time: bool = False
    # the call is a whole expression statement: its value is unused
    value_unused: bool = False

    def __getitem__(self, name: str) -> ArgValue:
        return self.values[name]

    def given(self, name: str) -> bool:
        return name in self.values and self.values[name].given

    def text(self, name: str) -> str:
        return self.values[name].text


def bind(entry: Entry, call: ast.Call, text_of: Callable[[ast.AST], str]) -> BoundCall:
    params = entry.params
    positional = [p for p in params if not p.keyword_only and not p.star]
    var_positional = next((p for p in params if p.star == "*"), None)
    var_keyword = next((p for p in params if p.star == "**"), None)
    values: dict[str, ArgValue] = {}
    first_star = next((i for i, a in enumerate(call.args) if isinstance(a, ast.Starred)), None)
    if first_star is not None and (var_positional is None or first_star < len(positional)):
        raise BindError("called with *args: arguments cannot be matched to the torch signature")
    for i, arg in enumerate(call.args):
        if i < len(positional):
            p = positional[i]
            values[p.name] = ArgValue(p.name, arg, text_of(arg), True, position=i)
        elif var_positional is not None:
            values.setdefault(var_positional.name, ArgValue(var_positional.name, None, "", True, position=i))
        else:
            raise BindError(f"{len(call.args)} positional arguments, torch takes {len(positional)}")
    if var_positional is not None and var_positional.name in values:
        star_args = call.args[len(positional):]
        values[var_positional.name].items = [text_of(a) for a in star_args]
        values[var_positional.name].text = ", ".join(values[var_positional.name].items)
    double_star = []
    by_name = {p.name: p for p in params}
    for kw in call.keywords:
        if kw.arg is None:
            double_star.append(kw)
            continue
        name = kw.arg
        if name not in by_name and var_keyword is None and entry.kind in ("call", "method") \
                and TORCH_ALIASES.get(name) in by_name:
            name = TORCH_ALIASES[name]
        if name in values:
            raise BindError(f"argument {name!r} given twice")
        if var_positional is not None and kw.arg == var_positional.name:
            # torch's builtins take their *size / *dims by name too: torch.zeros(size=(2, 3))
            text = text_of(kw.value)
            values[kw.arg] = ArgValue(kw.arg, kw.value, text, True, keyword=kw, items=[text])
            continue
        if name not in by_name or by_name[name].star:
            if var_keyword is None:
                raise BindError(f"unknown argument {kw.arg!r} for {entry.key}")
            continue
        values[name] = ArgValue(name, kw.value, text_of(kw.value), True, keyword=kw)
    for p in params:
        if p.name not in values and not p.star:
            if p.default is None and not double_star:
                raise BindError(f"required argument {p.name!r} missing")
            values[p.name] = ArgValue(p.name, None, p.default or "", False)
    return BoundCall(entry, call, values, double_star)
