"""What a reader of a translated call should know: where the translation is more than a rename.

``scan`` sorts every translated use into "direct" or "noted"; these notes decide it. A note is
raised by the call itself, not by its table entry alone: ``nn.ReLU()`` is direct, while
``nn.ReLU(inplace=True)`` is noted (the in-place write is gone). Entries' ``note`` fields are for
table reviewers (often "same default as torch") and do not mark a use.
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall


def _same_value(a: str, b: str) -> bool:
    try:
        return ast.dump(ast.parse(a.strip(), mode="eval")) == ast.dump(ast.parse(b.strip(), mode="eval"))
    except SyntaxError:
        return a.strip() == b.strip()


def call_notes(bound: BoundCall) -> list[str]:
    """Dropped arguments given a non-default value, and torch defaults written out because the
    target's default differs (adapters and helpers are noted where they are generated)."""
    notes: list[str] = []
    entry = bound.entry
    defaults = {p.name: p.default for p in entry.params}
    for name, spec in entry.args.items():
        value = bound.values.get(name)
        if value is None:
            continue
        if spec.action == "drop" and value.given and not (
                defaults.get(name) is not None and _same_value(value.text, defaults[name] or "")):
            notes.append(f"argument {name}={value.text} dropped: the target has no such option"
                         + (f" ({spec.reason})" if spec.reason else ""))
        elif spec.action not in ("drop", "unsupported") and spec.emit_default and not value.given:
            notes.append(f"{name}: the target's default differs; torch's default {value.text} written out")
    return notes
