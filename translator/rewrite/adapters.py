"""Adapters for torch layers and functions passed as values or called with ``*args/**kwargs``.

``norm_layer=nn.BatchNorm2d`` is later called as ``norm_layer(dim, eps=1e-3)`` with torch's
arguments, which the target class does not take as they are (momentum is inverted, LayerNorm
spells eps ``epsilon``...). The value becomes a small generated subclass of the target layer
(or a function) that takes torch's signature and calls the target the way the table says, so
every call site keeps working. Argument values unknown until run time that the table restricts
(``only:``/``unsupported:``) are checked when the adapter runs, with the table's reason.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from translator.binding import ArgValue, BindError, BoundCall, bind
from translator.diagnostics import NeedsTodo
from translator.rewrite.calls import kwargs_pass_through, plan_arguments
from translator.rewrite.context import FileContext
from translator.rewrite.emitter import FileEmitter
from translator.tables.schema import Entry
from translator.transforms import ARG_TRANSFORMS, ENTRY_TRANSFORMS
from translator.transforms.base import literal, parenthesize

PREFIX = "TorchArgs"


def _is_literal(text: str) -> bool:
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return False
    return True


def _default(entry: Entry, name: str, default: str) -> str:
    """A torch default that names torch (``layout=torch.strided``) cannot appear in target code;
    for an argument the adapter only checks or drops, ``None`` stands for "torch's default"."""
    if _is_literal(default):
        return default
    spec = entry.args.get(name)
    if spec is not None and spec.action in ("drop", "only", "unsupported"):
        return "None"
    raise NeedsTodo(f"its torch default {name}={default} cannot be written in target code")


def _signature(entry: Entry) -> str:
    parts, kw_only_started = [], False
    for p in entry.params:
        if p.star == "*":
            parts.append(f"*{p.name}")
            kw_only_started = True
            continue
        if p.star == "**":
            parts.append(f"**{p.name}")
            continue
        if p.keyword_only and not kw_only_started:
            parts.append("*")
            kw_only_started = True
        parts.append(p.name if p.default is None else f"{p.name}={_default(entry, p.name, p.default)}")
    return ", ".join(parts)


def _guards(entry: Entry) -> list[str]:
    lines = []
    for p in entry.params:
        spec = entry.args.get(p.name)
        if spec is None or p.star:
            continue
        sentinel = p.default is not None and not _is_literal(p.default)
        if spec.action == "only":
            # allowed values that name torch (torch.strided) are spelled None here
            allowed = ", ".join(o for o in spec.only if _is_literal(o)) or "None"
            extra = f"{p.name} is not None and " if sentinel and allowed != "None" else ""
            lines.append(f"if {extra}{p.name} not in ({allowed},):")
            lines.append(f"    raise ValueError({f'{p.name}=%r: {spec.reason}'!r} % ({p.name},))")
        elif spec.action == "unsupported":
            test = f"{p.name} is not None" if sentinel or p.default == "None" else f"{p.name} != {p.default}"
            lines.append(f"if {test}:")
            lines.append(f"    raise ValueError({f'{p.name}: {spec.reason}'!r})")
        elif spec.action == "transform" and not spec.name:
            guard = ARG_TRANSFORMS[spec.transform].run_time_guard
            if guard is not None:
                lines += guard(p.name, p.default)
    return lines


def _bound(entry: Entry, ctx: FileContext) -> BoundCall:
    """A call whose every argument is the adapter's parameter of the same name."""
    values = {
        p.name: ArgValue(p.name, ast.Name(p.name, ast.Load()), p.name, True)
        for p in entry.params if p.star != "**"
    }
    for name, spec in entry.args.items():
        if spec.action in ("only", "unsupported") and name in values:
            # checked at run time above; passed on only when the target takes it
            if spec.action == "unsupported" or not spec.name:
                values[name].given = False
    call = ast.Call(ast.Name("f", ast.Load()), [], [])
    return BoundCall(entry, call, values, run_time=True)


def _call_arguments(entry: Entry, ctx: FileContext) -> str:
    bound = _bound(entry, ctx)
    for p in entry.params:
        if p.star == "*":
            bound.values.pop(p.name, None)  # passed on as *name below
    changes, added = plan_arguments(bound, FileEmitter(ctx))
    # every argument by keyword: "" (stays positional) still has the target's keyword name
    args = [f"{new or entry.args[name].name or name}={bound.values[name].text}"
            for name, new in changes.items() if new is not None]
    args += [f"{k}={v}" for k, v, _ in added]
    star = next((p for p in entry.params if p.star == "*"), None)
    if star is not None:
        args.insert(0, f"*{star.name}")
    return ", ".join(args)


# torch's factory arguments: where the layer's tensors live, not attributes of the layer
_FACTORY = frozenset({"device", "dtype"})


def torch_attributes(entry: Entry) -> list[str]:
    """The constructor arguments a torch layer keeps as attributes under their own name
    (``self.track_running_stats``, ``self.affine``): the adapter sets each that the target does
    not keep itself, so code reading it (a subclass's forward) reads torch's value. Parameters
    (``bias=``, a flag in torch, names the tensor), private ones (``_weight``), and arguments the
    table drops, refuses or allows only as None (deprecated: ``size_average``) are not kept."""
    def kept(name: str) -> bool:
        spec = entry.args.get(name)
        return (spec is not None and spec.action not in ("drop", "unsupported")
                and not (spec.action == "only" and tuple(spec.only) == ("None",)))

    return [p.name for p in entry.params
            if not p.star and not p.name.startswith("_") and p.name not in entry.weights
            and p.name not in _FACTORY and kept(p.name)]


def _parameter_aliases(entry: Entry) -> list[tuple[str, str]]:
    """(torch name, target name) of each parameter or buffer the target holds under another name
    in the same layout (BatchNorm's ``weight`` is MindSpore's ``gamma``): read through the
    adapter's torch name where the layer's type is not known statically (timm's
    ``nn.init.zeros_(self.conv2.bn.weight)``). A layout change gets none: the value would differ."""
    return [(k, r.name) for k, r in entry.weights.items()
            if r.name and r.name != k and not r.transpose and r.unsqueeze is None and k.isidentifier()]


def _doc(entry: Entry) -> str:
    return f'"""{entry.key} called with torch\'s arguments (generated by torch2ms)."""'


def adapter(ctx: FileContext, entry: Entry) -> str:
    """The name of the generated adapter for ``entry``, defined once per file."""
    if entry.key not in ctx.adapters:
        base = PREFIX + entry.short[:1].upper() + entry.short[1:]
        name, n = base, 1
        taken = ctx.names.module_bound | {a for a, _ in ctx.adapters.values()}
        while name in taken:
            n += 1
            name = f"{base}{n}"
        with ctx.generating():
            code = adapter_source(entry, ctx, name, ctx.source.newline().decode())
        ctx.adapters[entry.key] = (name, code)
    name = ctx.adapters[entry.key][0]
    ctx.pending_notes.append(f"generated adapter {name} binds torch's arguments at run time")
    return name


def method_binder(ctx: FileContext, entry: Entry, receiver: str) -> str:
    """``recv.meth(*args, **kwargs)`` of a method entry, whose arguments only run time knows: a
    lambda taking torch's signature binds them as torch would and makes the translated call on
    the receiver, ``(lambda name, module: torch_add_module(self, name, module, self))(*stage)``
    (the text returned replaces ``recv.meth``). NeedsTodo where a lambda cannot hold it: an
    argument the table restricts (checked only by statements) or a receiver naming a parameter."""
    if entry.unsupported or (entry.target is None and not entry.transform):
        raise NeedsTodo("called with *args/**kwargs, and the table has no argument mapping to bind them with")
    if _guards(entry):
        raise NeedsTodo("called with *args/**kwargs: the arguments the table restricts cannot be checked")
    used = {n.id for n in ast.walk(ast.parse(receiver.strip() or "_", mode="eval")) if isinstance(n, ast.Name)}
    clash = used & {p.name for p in entry.params}
    if clash:
        raise NeedsTodo(f"called with *args/**kwargs on a receiver naming {sorted(clash)[0]!r}, a torch parameter")
    sig = _signature(entry)
    if entry.transform:
        bound = _bound(entry, ctx)
        bound.receiver = receiver
        expression = ENTRY_TRANSFORMS[entry.transform].fn(bound, FileEmitter(ctx))
    else:
        expression = f"{parenthesize(receiver)}.{entry.target}({_call_arguments(entry, ctx)})"
    ctx.pending_notes.append("called with *args/**kwargs: a lambda binds them to torch's signature at run time")
    return f"(lambda{' ' + sig if sig else ''}: {expression})"


def _check_adaptable(entry: Entry) -> None:
    if entry.unsupported or (entry.target is None and not entry.transform):
        raise NeedsTodo("used as a value, and the table has no argument mapping to build an adapter from")
    if entry.transform and entry.kind != "call":
        raise NeedsTodo("used as a value, and its table entry rewrites the whole call")
    if any(p.star == "**" for p in entry.params):
        raise NeedsTodo("used as a value, and its torch signature takes **kwargs")


def adapter_source(entry: Entry, ctx: FileContext, name: str, newline: str) -> str:
    _check_adaptable(entry)
    body = _guards(entry)
    sig = _signature(entry)
    if entry.transform:
        expression = ENTRY_TRANSFORMS[entry.transform].fn(_bound(entry, ctx), FileEmitter(ctx))
        lines = [_torch_name(entry), f"def {name}({sig}):", f"    {_doc(entry)}", *[f"    {ln}" for ln in body],
                 f"    return {expression}"]
        return newline.join(lines) + newline
    arguments = _call_arguments(entry, ctx)
    doc = _doc(entry)
    if entry.kind == "layer":
        lines = [_torch_name(entry), f"class {name}({ctx.ref(entry.target)}):", f"    {doc}", "",
                 f"    def __init__(self{', ' + sig if sig else ''}):"]
        lines += [f"        {ln}" for ln in body]
        lines.append(f"        super().__init__({arguments})")
        kept = torch_attributes(entry)
        if kept:
            lines += [f"        for name, value in dict({', '.join(f'{k}={k}' for k in kept)}).items():",
                      "            if not hasattr(self, name):  # torch keeps it as an attribute",
                      "                setattr(self, name, value)"]
        for torch_name, target_name in _parameter_aliases(entry):
            lines += ["", "    @property", f"    def {torch_name}(self):  # torch's name of the target's {target_name}",
                      f"        return self.{target_name}"]
    else:
        lines = [_torch_name(entry), f"def {name}({sig}):", f"    {doc}"]
        lines += [f"    {ln}" for ln in body]
        lines.append(f"    return {ctx.ref(entry.target)}({arguments})")
    return newline.join(lines) + newline


def _torch_name(entry: Entry) -> str:
    """The adapter answers to torch's name: packages look layers up by their class's name
    (timm's ``norm_layer.__name__.lower()`` finds BatchNorm2d's norm-act variant), and the
    adapter stands for the torch API wherever the value goes. A decorator, so that the adapter
    stays one statement: a package's helper module moves and shares definitions whole."""
    short = repr(entry.short)
    return (f"@lambda adapter: setattr(adapter, '__name__', {short}) or "
            f"setattr(adapter, '__qualname__', {short}) or adapter")


def super_init_calls(cls: ast.ClassDef) -> list[ast.Call]:
    """The ``super().__init__(...)`` calls of the class's own ``__init__``."""
    init = next((s for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and s.name == "__init__"), None)
    if init is None:
        return []
    return [n for n in ast.walk(init) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == "__init__" and isinstance(n.func.value, ast.Call)
            and isinstance(n.func.value.func, ast.Name) and n.func.value.func.id == "super"]


def base_needs_adapter(cls: ast.ClassDef, entry: Entry, text_of: Callable[[ast.AST], str]) -> bool:
    """Whether a subclass of the torch layer ``entry`` must derive from its generated adapter: its
    ``super().__init__`` passes ``*args``/``**kwargs`` the target cannot take as they are, or gives
    an argument the table allows only with some values (``only:``) a value known only at run time
    (timm's ``super().__init__(n, eps=eps, elementwise_affine=affine, **kwargs)``). The adapter
    takes torch's arguments and checks those values when it runs, with the table's reason; the
    call then stays as torch wrote it. A literal value the table refuses stays a TODO."""
    if entry.unsupported or entry.transform or entry.source or entry.target is None:
        return False
    for call in super_init_calls(cls):
        if any(isinstance(a, ast.Starred) for a in call.args):
            return True
        try:
            bound = bind(entry, call, text_of)
        except BindError:
            continue
        run_time = bool(bound.double_star) and not kwargs_pass_through(bound)
        for name, spec in entry.args.items():
            value = bound.values.get(name)
            if value is None or not value.given or spec.action not in ("only", "unsupported"):
                continue
            if spec.action == "only" and value.text.strip() in spec.only:
                continue
            if spec.action == "unsupported" or literal(value.node) is not NotImplemented:
                return False  # refused whatever it holds, or a literal refused: the static TODO says why
            run_time = True
        if run_time:
            return True
    return False
