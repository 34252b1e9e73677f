"""Model specs: ``ROOT:pkg.module:EXPR`` (import ``pkg.module`` with ROOT on sys.path) or
``FILE.py:EXPR``; EXPR is evaluated in the module's namespace (a bare name is called)."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translator.diagnostics import TranslatorError


@dataclass(frozen=True)
class ModelSpec:
    text: str
    root: str | None  # folder put on sys.path, for the ROOT:module form
    module: str | None  # dotted module name, for the ROOT:module form
    file: str | None  # a .py file, for the FILE.py form
    expr: str

    def source_path(self) -> Path:
        """The torch source to translate when no weight map is given: the file, or the top
        package holding the module (the model's classes may live in sibling modules)."""
        if self.file:
            return Path(self.file)
        top = Path(self.root or ".") / self.module.split(".")[0]
        return top if top.is_dir() else top.with_suffix(".py")


def parse_spec(text: str, option: str) -> ModelSpec:
    head, sep, rest = text.partition(":")
    if sep and head.endswith(".py"):
        if not Path(head).is_file():
            raise TranslatorError(f"{option} {text}: no such file {head}")
        if not rest.strip():
            raise TranslatorError(f"{option} {text}: nothing to evaluate after {head}:")
        return ModelSpec(text, None, None, str(Path(head).resolve()), rest.strip())
    module, sep2, expr = rest.partition(":")
    if not sep or not sep2 or not module or not expr.strip():
        raise TranslatorError(f"{option} {text}: expected ROOT:pkg.module:factory(...) or FILE.py:expr")
    if not Path(head or ".").is_dir():
        raise TranslatorError(f"{option} {text}: {head} is not a directory")
    return ModelSpec(text, str(Path(head or ".").resolve()), module.strip(), None, expr.strip())


def build_model(spec: ModelSpec) -> Any:
    """Import the spec's module and evaluate its expression (inside a side process only)."""
    if spec.file:
        path = Path(spec.file)
        sys.path.insert(0, str(path.parent))  # for the file's own sibling imports
        name = f"torch2ms_verify_{path.stem}_{abs(hash(spec.file)) % 10**8}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
    else:
        sys.path.insert(0, spec.root)
        module = importlib.import_module(spec.module)
    namespace = dict(vars(module))
    value = eval(spec.expr, namespace)  # the user's own expression, as given on the command line
    # a bare factory or class name means "call it"; a model instance is callable too, so not that
    return value() if spec.expr.isidentifier() and (inspect.isfunction(value) or inspect.isclass(value)) else value
