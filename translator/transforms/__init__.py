"""Named transforms a table entry may invoke, found by walking this package: every module-level
ValueTransform / ArgTransform / EntryTransform instance of every module is registered by its name.

Modules group transforms by family (padding, operators, dtypes, methods, ...). A transform is

    NAME = ValueTransform("name", fn)   # fn(text, node) -> str
    NAME = ArgTransform("name", fn)     # fn(call, torch_arg_name, emit) -> {keyword: text}
    NAME = EntryTransform("name", fn)   # fn(call, emit) -> replacement text

where ``emit`` (transforms/base.py: Emitter) names target objects (``emit.ref(call.entry.target)``,
``emit.counterpart("torch.float32")``), defines module-level helpers (``emit.helper(name, code)``)
and renders the target arguments the entry's specs give (``emit.arguments(call, lead, skip)``,
``emit.keywords(call, skip)``); ``call.value_unused`` says the call is a whole expression
statement (its result unused). The function's docstring says what it does and carries
``before  →  after`` example lines, which tests/test_transform_docs.py runs.

A transform written for the former API (``fn(call)`` / ``fn(call, name)`` reading ``call.ref`` /
``call.helper``) still registers and works through ``base.LegacyCall``.
"""

from __future__ import annotations

import importlib
import pkgutil

from translator.transforms.base import ArgTransform, EntryTransform, NeedsTodo, ValueTransform

VALUE_TRANSFORMS: dict[str, ValueTransform] = {}
ARG_TRANSFORMS: dict[str, ArgTransform] = {}
ENTRY_TRANSFORMS: dict[str, EntryTransform] = {}


def _register() -> None:
    registries = {
        ValueTransform: VALUE_TRANSFORMS, ArgTransform: ARG_TRANSFORMS, EntryTransform: ENTRY_TRANSFORMS,
    }
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found = [v for v in vars(module).values() if type(v) in registries]
        if not found:
            raise ImportError(f"{module.__name__} defines no transform")
        for transform in found:
            registry = registries[type(transform)]
            if registry.get(transform.name, transform) is not transform:
                raise ImportError(f"two transforms named {transform.name!r}")
            registry[transform.name] = transform


_register()

__all__ = ["ARG_TRANSFORMS", "ENTRY_TRANSFORMS", "VALUE_TRANSFORMS", "NeedsTodo"]
