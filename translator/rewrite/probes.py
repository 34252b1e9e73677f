"""Feature probes of torch modules: ``hasattr(torch.nn.functional, 'rms_norm')``.

Code written for several torch versions asks whether the installed torch has an API and takes
another path when it does not. Translated, the question becomes whether the *translation* has it:
True when the tables translate the probed name (for a module, some name under it), else False, so
the translated code takes the path it already has for a torch without the API, instead of a TODO.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from translator.tables.schema import Entry


def probed_attribute(node: ast.Call) -> str | None:
    """The attribute name of a ``hasattr(X, 'name')`` call, else None."""
    if (isinstance(node.func, ast.Name) and node.func.id == "hasattr" and len(node.args) == 2
            and not node.keywords and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)):
        return node.args[1].value
    return None


def is_module_name(qualified: str) -> bool:
    """A torch module (``torch``, ``torch.nn.functional``), not a class or function: torch's
    module names are lower case, its classes are not (functions are never probed as owners)."""
    return qualified == "torch" or (qualified.startswith("torch.") and qualified.rsplit(".", 1)[-1].islower())


def probe_answer(entries: Mapping[str, Entry], qualified: str) -> bool:
    """Whether the tables translate ``qualified`` or, for a module, something under it."""
    entry = entries.get(qualified)
    if entry is not None:
        return not entry.unsupported
    prefix = qualified + "."
    return any(key.startswith(prefix) and not e.unsupported for key, e in entries.items())
