"""Scan report renderers: one module per output format, each a ``render(doc) -> str`` of the one
document :func:`translator.report.model.report_document` builds."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "markdown", "html", "sarif", "lines", "yaml")
_MODULES = {"json": "json_format", "yaml": "yaml_format"}


def render(fmt: str, doc: dict) -> str:
    module = importlib.import_module(f"translator.report.{_MODULES.get(fmt, fmt)}")
    return module.render(doc)
