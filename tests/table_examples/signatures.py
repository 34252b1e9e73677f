"""Check table entries against the installed libraries (run in a process per framework).

    python -m tests.table_examples.signatures target TARGET OUT.json

Each entry's target must exist, and every keyword the entry emits must be a parameter of it,
where the target exposes a signature. (The torch side is checked once per torch API by
``tests.table_examples.torch_signatures``.)
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import re
import sys
from typing import Any

from translator.tables import load_tables

OWNERS = {"Tensor": {"torch": "torch.Tensor", "mindspore": "mindspore.Tensor", "paddle": "paddle.Tensor"},
          "Module": {"torch": "torch.nn.Module", "mindspore": "mindspore.nn.Cell", "paddle": "paddle.nn.Layer"}}


def resolve(dotted: str) -> Any:
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)


def parameters_of(obj: Any) -> list[inspect.Parameter] | None:
    """Parameters without self/cls; None when the object hides its signature (C types, or a
    class whose __init__ and __new__ both take only *args, **kwargs)."""
    candidates = [obj.__init__, obj.__new__] if inspect.isclass(obj) else [obj]
    for fn in candidates:
        try:
            params = list(inspect.signature(fn).parameters.values())
        except (TypeError, ValueError):
            continue
        if params and params[0].name in ("self", "cls"):
            params = params[1:]
        if [p.kind for p in params] != [inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD]:
            return params
    return None


def _normal(params: list) -> list[tuple[str, str, str | None]]:
    out = []
    for p in params:
        kind = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**",
                inspect.Parameter.KEYWORD_ONLY: "kw"}.get(p.kind, "")
        default = None if p.default is inspect.Parameter.empty else repr(p.default)
        out.append((p.name, kind, default))
    return out


def _closure(obj: Any) -> list[Any]:
    fn = getattr(obj, "__init__", obj) if inspect.isclass(obj) else obj
    out = []
    for cell in getattr(fn, "__closure__", None) or ():
        with contextlib.suppress(ValueError):
            out.append(cell.cell_contents)
    return out


def _aliases(obj: Any) -> set[str]:
    """Keyword aliases a decorator declares in its closure (paddle: ['epsilon', 'eps'])."""
    names: set[str] = set()
    for value in _closure(obj):
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            names.update(value)
        elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
            names.update(value)
            names.update(v for v in value.values() if isinstance(v, str))
    return names


def _is_wrapper(obj: Any) -> bool:
    return hasattr(obj, "__wrapped__") or any(callable(v) for v in _closure(obj))


def check_target(target: str) -> dict[str, str]:
    from tests.table_examples.examples import cases

    shown: dict[str, str] = {}  # entry -> every translated example text, for keywords in use
    for case in cases(target):
        shown[case.entry.key] = shown.get(case.entry.key, "") + "\n" + case.module_code
    verdicts = {}
    for key, entry in load_tables(target).entries.items():
        if entry.target is None or entry.kind in ("decorator", "attribute") or entry.source:
            # a source-defined target is emitted with the code, an attribute (Cell._cells) is
            # instance state set by __init__: their examples run them
            continue
        if entry.kind == "method" and "." not in entry.target:
            owner = key.split(".", 1)[0]
            dotted = f"{OWNERS[owner][target]}.{entry.target}"
        else:
            dotted = entry.target
        try:
            obj = resolve(dotted)
        except (ImportError, AttributeError) as exc:
            verdicts[key] = f"{target} has no {dotted}: {exc}"
            continue
        params = parameters_of(obj) if callable(obj) else None
        if params is None or any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params) or entry.transform:
            verdicts[key] = "ok"
            continue
        names = {p.name for p in params}
        stars = {p.name for p in entry.params if p.star}
        emitted = {spec.name for arg, spec in entry.args.items()
                   if spec.name and spec.action in ("keep", "only") and arg not in stars}
        emitted |= set(entry.set)
        missing = sorted(emitted - names)
        if missing and _is_wrapper(obj):
            # an alias-taking wrapper (paddle's torch-style keywords): proven by the examples
            missing = [m for m in missing if not re.search(rf"\b{m}=", shown.get(key, ""))]
        verdicts[key] = "ok" if not missing else (
            f"{dotted} takes no {missing} (has {sorted(names)}); an example that passes them would prove it")
    return verdicts


if __name__ == "__main__":
    side, target, out = sys.argv[1:4]
    result = check_target(target)
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
