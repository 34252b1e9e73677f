"""``--format yaml``: the report document as YAML (the same keys as json)."""

from __future__ import annotations

import yaml


def render(doc: dict) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
