"""Named transforms a table entry may invoke: one per module, found by walking this package."""

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
        transform = getattr(module, "TRANSFORM", None)
        if transform is None:
            raise ImportError(f"{module.__name__} defines no TRANSFORM")
        registry = registries[type(transform)]
        if transform.name in registry:
            raise ImportError(f"two transforms named {transform.name!r}")
        registry[transform.name] = transform


_register()

__all__ = ["ARG_TRANSFORMS", "ENTRY_TRANSFORMS", "VALUE_TRANSFORMS", "NeedsTodo"]
