"""Check every torch facts signature against torch itself, once per torch API.

    python -m tests.table_examples.torch_signatures OUT.json ['KEY SIGNATURE'...]

(extra 'KEY SIGNATURE' arguments are checked as well, under "KEY SIGNATURE": the test's proof
that a wrong signature is caught)

Where Python gives a signature (``inspect.signature``), the recorded one must equal it: names,
kinds, defaults. Where it gives none (C builtins, Tensor methods, pybind functions), the recorded
signature must fit one of torch's own overloads: the Python-level stubs torch generates from its
operator definitions (``torch/_C/_VariableFunctions.pyi``, ``_C/_nn.pyi``, ``_C/__init__.pyi``'s
``TensorBase``, ``nn/functional.pyi``) and the operator schemas
(``torch._C._jit_get_schemas_for_operator("aten::<name>")``, ``self`` named ``input`` for
functions). It fits an overload when its positional parameters are the overload's (same names,
order, defaults), its keyword-only ones are among the overload's, and whatever it leaves out has
a default (a call using that is then not bound, so it becomes a TODO, never a wrong rewrite). A
default may stand for a parameter another overload does not have (``sum(dim=None)`` joins
``sum(input)`` and ``sum(input, dim)``).

A few APIs fit neither form; each is listed in ``EXCEPTIONS`` with what it is checked against
instead, or why it cannot be.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from tests.table_examples.signatures import OWNERS, parameters_of, resolve
from translator.tables.loader import load_torch_facts, parse_signature

Sig = list[tuple[str, str, Any]]  # (name, kind "" | "kw" | "*" | "**", default or NO_DEFAULT)
NO_DEFAULT = object()
ANY_DEFAULT = object()  # a stub's "= ..." : unspecified

# stub file (under torch/) and class holding the overloads, by the key's namespace
STUBS = {
    "Tensor": ("_C/__init__.pyi", "TensorBase"),
    "torch.nn.functional": ("nn/functional.pyi", None),
    "torch._C._nn": ("_C/_nn.pyi", None),
    "torch._C": ("_C/__init__.pyi", None),
    "torch": ("_C/_VariableFunctions.pyi", None),
}

# Defaults that torch's parser treats alike: None for layout / memory_format means torch.strided /
# the input's format, as the documented signatures write them.
SAME_DEFAULT = {("None", "torch.strided"), ("None", "torch.preserve_format"), ("None", "torch.contiguous_format")}


def _rnn_base(mode_free: set[str]) -> Sig:
    import torch

    params = list(inspect.signature(torch.nn.RNNBase.__init__).parameters.values())[2:]  # self, mode
    return [p for p in _from_inspect(params) if p[0] not in mode_free]


def _memory_format_probe(name: str) -> Callable[[], Sig]:
    """The dtype-conversion methods are parsed by hand in torch (python_variable_methods.cpp:
    ``float(*, MemoryFormat? memory_format=None)``); a call by keyword must work, positionally not."""
    def probe() -> Sig:
        import torch

        method = getattr(torch.zeros(1), name)
        method(memory_format=torch.preserve_format)
        try:
            method(torch.preserve_format)
        except TypeError:
            return [("memory_format", "kw", repr(torch.preserve_format))]
        return [("memory_format", "", repr(torch.preserve_format))]
    return probe


def _no_argument_probe(name: str) -> Callable[[], Sig]:
    """A pybind builtin without doc or stub: it must run without arguments and refuse one."""
    def probe() -> Sig:
        import torch

        fn = getattr(torch, name)
        fn()
        try:
            fn(None)
        except TypeError:
            return []
        raise AssertionError(f"torch.{name} takes an argument")
    return probe


def _optional_device_type_probe(name: str) -> Callable[[], Sig]:
    """A pybind builtin whose stub lists only ``()`` but which takes a device type as well (torch
    2.4+ ``is_autocast_enabled(device_type)``): both calls must work."""
    def probe() -> Sig:
        import torch

        fn = getattr(torch, name)
        fn()
        fn("cpu")
        return [("device_type", "", repr(None))]
    return probe


def _absent_probe(key: str, documented: Sig) -> Callable[[], Sig]:
    """An API of the surface list that torch 2.13 does not have: the recorded signature is the
    one torch documented; the probe fails once torch has the name again (then check it)."""
    def probe() -> Sig:
        owner, _, name = key.partition(".")
        dotted = f"{OWNERS[owner]['torch']}.{name}" if owner in OWNERS else key
        try:
            resolve(dotted)
        except (ImportError, AttributeError):
            return documented
        raise AssertionError(f"torch has {dotted} again: check its signature instead")
    return probe


_NAMED_TENSOR = ("named tensors (Tensor.names and its methods) are gone from torch 2.13; "
                 "the recorded signature is torch 2.x's documented one")
_NAMES = [("names", "*", NO_DEFAULT)]

# key -> (what it is checked against instead (None: keywords among the overloads'), reason).
# Keep this short.
EXCEPTIONS: dict[str, tuple[Any, str]] = {
    **{f"Tensor.{m}": (_memory_format_probe(m), "hand-parsed in torch: neither stub nor schema; probed")
       for m in ("float", "double", "half", "int", "long", "bool", "cfloat", "cdouble")},
    "torch.finfo": (lambda: _finfo_probe(), "hand-parsed C type; its stub disagrees with the parser; probed"),
    "torch.arange": (None, "arange(end) | arange(start, end, step=1): the documented (start=0, end=None, "
                           "step=1) binds a lone argument as start; the entries' transforms read it as end"),
    "torch.nn.LSTM": (lambda: _rnn_base(set()),
                      "LSTM.__init__(*args, **kwargs) forwards to RNNBase.__init__ after mode"),
    "torch.nn.GRU": (lambda: _rnn_base({"proj_size", "nonlinearity"}),
                     "GRU forwards to RNNBase.__init__ after mode; proj_size is LSTM-only (GRU raises)"),
    "torch.nn.RNN": (lambda: _rnn_base({"proj_size"}) [:3] + [("nonlinearity", "", "'tanh'")]
                     + _rnn_base({"proj_size"})[3:],
                     "RNN(*args, **kwargs) takes RNNBase's arguments with nonlinearity after num_layers"),
    **{f"torch.{t}Tensor": (lambda: [("args", "*", NO_DEFAULT)],
                            "legacy tensor-type constructor (a C type without signature): documented as "
                            "torch.<T>Tensor(*sizes) or torch.<T>Tensor(data)")
       for t in ("BFloat16", "Bool", "Byte", "Char", "Double", "Float", "Half", "Int", "Long", "Short")},
    "torch.get_autocast_gpu_dtype": (_no_argument_probe("get_autocast_gpu_dtype"),
                                     "pybind builtin with neither doc, stub nor schema (deprecated for "
                                     "get_autocast_dtype('cuda')); probed: no arguments"),
    "torch.is_autocast_enabled": (_optional_device_type_probe("is_autocast_enabled"),
                                  "pybind builtin whose stub lists only (); torch also takes "
                                  "is_autocast_enabled(device_type) (probed: both calls work)"),
    "torch.randint_like": (None, "randint_like(input, high) | randint_like(input, low, high): the recorded "
                                 "(input, low=0, high=None) binds a lone bound as low; the generated "
                                 "function reads it as high, as torch does"),
    "Tensor.align_as": (_absent_probe("Tensor.align_as", [("other", "", NO_DEFAULT)]), _NAMED_TENSOR),
    "Tensor.align_to": (_absent_probe("Tensor.align_to", _NAMES), _NAMED_TENSOR),
    "Tensor.refine_names": (_absent_probe("Tensor.refine_names", _NAMES), _NAMED_TENSOR),
    "Tensor.rename": (_absent_probe("Tensor.rename", _NAMES + [("rename_map", "**", NO_DEFAULT)]), _NAMED_TENSOR),
    "Tensor.rename_": (_absent_probe("Tensor.rename_", _NAMES + [("rename_map", "**", NO_DEFAULT)]),
                       _NAMED_TENSOR),
    "Tensor.__not__": (_absent_probe("Tensor.__not__", []),
                       "no torch version's Tensor has __not__ (PaConvert lists it: Python's `not x` calls "
                       "__bool__); recorded as taking no arguments"),
    "torch.ops.torchvision.nms": (lambda: [("dets", "", NO_DEFAULT), ("scores", "", NO_DEFAULT),
                                           ("iou_threshold", "", NO_DEFAULT)],
                                  "torchvision's C++ operator, schema nms(Tensor dets, Tensor scores, float "
                                  "iou_threshold) in torchvision's csrc/ops/nms.cpp; PyPI torchvision's "
                                  "extension does not load beside torch 2.13, so it is written here"),
    **{f"Tensor.{m}": (None, f"{m}(dim, unbiased=True, keepdim=False) | {m}(dim=None, *, correction=None, "
                             "keepdim=False): one recorded signature takes both (timm passes unbiased=)")
       for m in ("var", "std")},
    "Tensor.to": (None, "to(*args, **kwargs) in Python; overloads by the type of the first argument "
                        "(dtype | device | tensor): the recorded keywords are among the overloads'"),
}


def _default_text(value: Any) -> Any:
    return NO_DEFAULT if value is inspect.Parameter.empty else repr(value)


def _from_inspect(params: list[inspect.Parameter]) -> Sig:
    kinds = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**",
             inspect.Parameter.KEYWORD_ONLY: "kw"}
    return [(p.name, kinds.get(p.kind, ""), _default_text(p.default)) for p in params]


def _eval_default(text: str) -> Any:
    import torch

    try:
        return repr(eval(text, {"torch": torch, "inf": float("inf")}))  # our own tables' defaults
    except Exception:
        return text


def _recorded(signature: str, key: str) -> Sig:
    return [(p.name, "*" if p.star == "*" else "**" if p.star == "**" else "kw" if p.keyword_only else "",
             NO_DEFAULT if p.default is None else _eval_default(p.default))
            for p in parse_signature(signature, key)]


def _from_ast(args: ast.arguments) -> Sig:
    out: Sig = []
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)

    def default(node: ast.expr | None) -> Any:
        if node is None:
            return NO_DEFAULT
        if isinstance(node, ast.Constant) and node.value is Ellipsis:
            return ANY_DEFAULT
        return _eval_default(ast.unparse(node))

    out += [(a.arg, "", default(d)) for a, d in zip(positional, defaults, strict=True)]
    if args.vararg:
        out.append((args.vararg.arg, "*", NO_DEFAULT))
    out += [(a.arg, "kw", default(d)) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)]
    if args.kwarg:
        out.append((args.kwarg.arg, "**", NO_DEFAULT))
    if out and out[0][0] in ("self", "cls"):
        out = out[1:]
    return out


@cache
def _stub(path: str) -> ast.Module:
    import torch

    return ast.parse((Path(torch.__file__).parent / path).read_text(encoding="utf-8"))


def _stub_overloads(namespace: str, name: str) -> list[Sig]:
    if namespace not in STUBS:
        return []
    path, cls = STUBS[namespace]
    body = _stub(path).body
    if cls is not None:
        body = next((n.body for n in body if isinstance(n, ast.ClassDef) and n.name == cls), [])
    out = [_from_ast(n.args) for n in body if isinstance(n, ast.FunctionDef) and n.name == name]
    for n in body:  # a class in the stub (torch.finfo, torch.device): its constructors
        if isinstance(n, ast.ClassDef) and n.name == name:
            out += [_from_ast(f.args) for f in n.body
                    if isinstance(f, ast.FunctionDef) and f.name in ("__init__", "__new__")]
    return out


def _schema_overloads(name: str, method: bool) -> list[Sig]:
    import torch

    out = []
    for schema in torch._C._jit_get_schemas_for_operator(f"aten::{name}"):
        sig: Sig = []
        for arg in schema.arguments:
            if arg.name == "self":
                if method:
                    continue
                arg_name = "input"
            else:
                arg_name = arg.name
            default = repr(arg.default_value) if arg.has_default_value() else NO_DEFAULT
            sig.append((arg_name, "kw" if arg.kwarg_only else "", default))
        out.append(sig)
    return out


def _same_default(recorded: Any, actual: Any) -> bool:
    if actual is ANY_DEFAULT or recorded == actual:
        return True
    return (str(actual), str(recorded)) in {(_eval_default(a), _eval_default(b)) for a, b in SAME_DEFAULT}


def _fits(recorded: Sig, overload: Sig, optional_elsewhere: set[str]) -> bool:
    """``optional_elsewhere``: parameters some overload lacks; a recorded default stands for
    choosing that overload (``round(*, decimals=0)`` joins ``round()`` and ``round(*, decimals)``)."""
    by_name = {p[0]: p for p in overload}
    rec_pos = [p for p in recorded if p[1] in ("", "*")]
    ov_pos = [p for p in overload if p[1] in ("", "*")]
    if [p[0] for p in rec_pos] != [p[0] for p in ov_pos[:len(rec_pos)]]:
        return False
    for name, kind, default in recorded:
        if kind == "**":
            if not any(p[1] == "**" for p in overload):
                return False
            continue
        actual = by_name.get(name)
        if actual is None or actual[1] != kind:
            return False
        if actual[2] is NO_DEFAULT:
            if default is not NO_DEFAULT and name not in optional_elsewhere:
                return False
        elif default is NO_DEFAULT or not _same_default(default, actual[2]):
            return False
    # what the record leaves out must have a default (a call using it is then not bound: a TODO)
    named = {p[0] for p in recorded}
    return all(p[2] is not NO_DEFAULT or p[1] in ("*", "**") for p in overload if p[0] not in named)


def _fits_any(recorded: Sig, overloads: list[Sig]) -> bool:
    names = [{p[0] for p in o} for o in overloads]
    everywhere = set.intersection(*names) if names else set()
    optional_elsewhere = set.union(*names) - everywhere if names else set()
    return any(_fits(recorded, o, optional_elsewhere) for o in overloads)


def _show(sig: Sig) -> str:
    parts = []
    for name, kind, default in sig:
        text = {"*": "*", "**": "**"}.get(kind, "") + name
        if default is not NO_DEFAULT:
            text += "=" + ("..." if default is ANY_DEFAULT else str(default))
        parts.append(("kw:" if kind == "kw" else "") + text)
    return "(" + ", ".join(parts) + ")"


def _builtin_overloads(key: str, obj: Any) -> list[Sig]:
    owner, _, rest = key.partition(".")
    if owner == "Tensor":
        return _stub_overloads("Tensor", rest) + _schema_overloads(rest, method=True)
    namespace, _, name = key.rpartition(".")
    out = _stub_overloads(namespace, name)
    if inspect.isclass(obj):  # torch.finfo, torch.device: C types described in _C/__init__.pyi
        out += _stub_overloads("torch._C", name)
    module = getattr(obj, "__module__", None) or ""
    if module and module != namespace:  # F.gelu is torch._C._nn.gelu; F.conv2d is torch.conv2d
        out += _stub_overloads(module, getattr(obj, "__name__", name))
    out += _schema_overloads(getattr(obj, "__name__", name), method=False)
    doc = (getattr(obj, "__doc__", None) or "").strip().splitlines()
    if doc and doc[0].startswith(f"{getattr(obj, '__name__', name)}("):  # pybind: "name(a: T) -> R"
        with contextlib.suppress(SyntaxError):
            out.append(_from_ast(ast.parse(f"def f{doc[0][len(obj.__name__):].split(' -> ')[0]}: pass").body[0].args))
    return out


def check(key: str, signature: str) -> str:
    recorded = _recorded(signature, key)
    if key in EXCEPTIONS:
        reference, reason = EXCEPTIONS[key]
        if reference is None:
            return _check_union(key, recorded)
        actual = reference()
        return "ok" if recorded == actual else f"table {_show(recorded)} != {_show(actual)} ({reason})"
    owner, _, name = key.partition(".")
    dotted = f"{OWNERS[owner]['torch']}.{name}" if owner in OWNERS else key
    try:
        obj = resolve(dotted)
    except (ImportError, AttributeError) as exc:
        return f"torch has no {dotted}: {exc}"
    params = parameters_of(obj)
    if params is None and inspect.isclass(obj) and issubclass(obj, resolve("torch.nn.Module")):
        params = _raw_signature(obj)  # (*args, **kwargs) itself: nn.Identity, nn.Sigmoid
    if params is not None:
        actual = _from_inspect(params)
        return "ok" if recorded == actual else f"table {_show(recorded)} != torch {_show(actual)}"
    overloads = _closure_signatures(obj)
    overloads += _builtin_overloads(key, obj)
    if not overloads:
        return "torch gives neither a signature nor a stub or operator schema: add it to EXCEPTIONS with a reason"
    if _fits_any(recorded, overloads):
        return "ok"
    return f"table {_show(recorded)} fits none of torch's overloads: " + "; ".join(_show(o) for o in overloads[:6])


def _closure_signatures(obj: Any) -> list[Sig]:
    """The Python functions a boolean_dispatch closes over; a wrapper around a builtin (Tensor.__pow__
    wraps TensorBase.pow) has none that inspect can read."""
    out = []
    for cell in getattr(obj, "__closure__", None) or ():
        if inspect.isfunction(cell.cell_contents):
            with contextlib.suppress(TypeError, ValueError):
                out.append(_from_inspect(list(inspect.signature(cell.cell_contents).parameters.values())))
    return out


def _raw_signature(obj: Any) -> list[inspect.Parameter] | None:
    fn = obj.__init__ if inspect.isclass(obj) else obj
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    return params[1:] if params and params[0].name in ("self", "cls") else params


def _check_union(key: str, recorded: Sig) -> str:
    """Every recorded parameter is a parameter of one of the overloads, with a default one of them
    gives it (where any does)."""
    namespace, _, name = key.rpartition(".")
    overloads = _stub_overloads(namespace, name)
    defaults: dict[str, list] = {}
    for o in overloads:
        for p in o:
            defaults.setdefault(p[0], [])
            if p[2] is not NO_DEFAULT:
                defaults[p[0]].append(p[2])
    wrong = [p[0] for p in recorded if p[1] != "*" and (
        p[0] not in defaults or p[2] is not NO_DEFAULT and defaults[p[0]]
        and not any(_same_default(p[2], d) for d in defaults[p[0]]))]
    return "ok" if overloads and not wrong else f"{key}: {wrong} are no parameters (with that default) of its overloads"


def _finfo_probe() -> Sig:
    """torch.finfo is parsed by hand (``finfo(ScalarType type)`` / ``finfo()``); its stub names
    the parameter dtype, which the parser rejects."""
    import torch

    torch.finfo(type=torch.float64)
    torch.finfo()
    return [("type", "", "None")]


def check_all() -> dict[str, str]:
    import torch  # noqa: F401 - the tables describe this torch

    return {key: check(key, facts.signature_text)
            for key, facts in load_torch_facts().items() if facts.signature_text}


if __name__ == "__main__":
    verdicts = check_all()
    for probe in sys.argv[2:]:
        key, _, signature = probe.partition(" ")
        verdicts[probe] = check(key, signature)
    with open(sys.argv[1], "w") as f:
        json.dump(verdicts, f, indent=1)
