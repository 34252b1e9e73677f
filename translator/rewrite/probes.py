"""Feature probes on torch: ``hasattr(torch, "compiler")``, ``hasattr(F, "rms_norm")``,
``getattr(getattr(torch, "compiler", None), "disable", None) or nullwrap`` (timm's layers),
``'silu' in dir(torch.nn.functional)`` (timm's create_act).

The code asks whether the installed torch has an API, and takes a fallback when it has not. In a
translated module the question is whether the tables translate that API: if they do not, every
use of it would be left as a TODO, so the probe answers "absent" (``False``, or getattr's
default) and the module takes its own fallback, instead of binding the untranslated stand-in and
failing later where the fallback would have run. ``hasattr`` of an API the tables do translate (or
of a namespace they know) is ``True``; ``getattr`` of one stays as written.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

from translator.tables.schema import Entry


def probe_answer(node: ast.Call, resolve: Callable[[ast.AST], str | None],
                 entries: Mapping[str, Entry]) -> tuple[str, ast.expr | str] | None:
    """For ``hasattr(T, "name")`` on a torch object ``T``: (the probed torch API, ``"True"`` or
    ``"False"``); for ``getattr(T, "name", default)`` whose ``name`` the tables do not translate:
    (the API, the default's node). None for any other call."""
    func = node.func
    if not (isinstance(func, ast.Name) and func.id in ("hasattr", "getattr") and not node.keywords):
        return None
    expected = 2 if func.id == "hasattr" else 3
    if len(node.args) != expected or any(isinstance(a, ast.Starred) for a in node.args):
        return None
    owner, name = node.args[0], node.args[1]
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
        return None
    qualified = resolve(owner)
    if qualified is None:
        return None
    probed = f"{qualified}.{name.value}"
    present = _translated(probed, entries)
    if func.id == "hasattr":
        return probed, str(present)
    return None if present else (probed, node.args[2])


def _translated(qualified: str, entries: Mapping[str, Entry]) -> bool:
    entry = entries.get(qualified)
    if entry is not None:
        return not entry.unsupported
    prefix = qualified + "."
    return any(key.startswith(prefix) and not e.unsupported for key, e in entries.items())


def membership_answer(node: ast.Compare, resolve: Callable[[ast.AST], str | None],
                      entries: Mapping[str, Entry]) -> tuple[str, str, bool] | None:
    """For ``"name" in dir(T)`` (or ``not in``) on a torch object ``T``: (the probed torch API,
    ``"True"`` or ``"False"``, whether the tables translate it), as ``hasattr`` answers it. None
    for any other comparison."""
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.In, ast.NotIn)):
        return None
    name, container = node.left, node.comparators[0]
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str)
            and isinstance(container, ast.Call) and isinstance(container.func, ast.Name)
            and container.func.id == "dir" and len(container.args) == 1 and not container.keywords
            and not isinstance(container.args[0], ast.Starred)):
        return None
    qualified = resolve(container.args[0])
    if qualified is None:
        return None
    probed = f"{qualified}.{name.value}"
    present = _translated(probed, entries)
    return probed, str(present if isinstance(node.ops[0], ast.In) else not present), present
