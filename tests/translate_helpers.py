"""Translate a dedented source snippet with the built-in tables (shared by the before/after tests)."""

from __future__ import annotations

import textwrap
from functools import cache

from translator.engine import translate_source
from translator.tables.loader import load_tables
from translator.tables.schema import Tables


@cache
def tables(target: str) -> Tables:
    return load_tables(target)


def translate(source: str, target: str = "mindspore") -> str:
    result = translate_source(textwrap.dedent(source), "case.py", tables(target))
    assert result.code is not None, result.diagnostics
    return result.code
