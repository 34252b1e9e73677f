"""``--format sarif``: SARIF 2.1.0, for editors and code-scanning pages to show findings inline.

TODOs are warnings, noted uses notes, unreadable files errors; baselined findings carry
``baselineState: unchanged`` and inline-suppressed ones an ``inSource`` suppression. The run's
``properties`` hold the report's summary and effort (the same numbers as every format)."""

from __future__ import annotations

import json
from pathlib import PurePath

from translator import __version__
from translator.report.wording import LABELS

_RULES = {
    "T2M001": ("todo", "warning", "A torch API use that is left as TODO (hand work)."),
    "T2M002": ("note", "note", "A torch API use translated with a behaviour note to read."),
    "T2M900": ("error", "error", "A file that could not be read or parsed."),
}


def _uri(path: str) -> str:
    """Relative paths stay relative (to the folder scanned from); absolute ones become file URIs."""
    p = PurePath(path)
    return p.as_uri() if p.is_absolute() else p.as_posix()


def render(doc: dict) -> str:
    rules = [{"id": code, "name": LABELS[cat], "shortDescription": {"text": text},
              "defaultConfiguration": {"level": level}} for code, (cat, level, text) in _RULES.items()]
    index = {code: i for i, code in enumerate(_RULES)}
    results = []
    for f in doc["findings"]:
        api = f"{f['api']}: " if f["api"] else ""
        result = {
            "ruleId": f["code"], "ruleIndex": index[f["code"]], "level": _RULES[f["code"]][1],
            "message": {"text": f"{api}{f['reason']}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(f["path"])},
                "region": {"startLine": f["line"], "startColumn": f["col"]}}}],
            "partialFingerprints": {"torch2ms/v1": f["fingerprint"]},
            "baselineState": "unchanged" if f["status"] == "baselined" else "new",
        }
        if f.get("cell"):
            result["properties"] = {"cell": f["cell"]}
        if f["status"] == "suppressed":
            result["suppressions"] = [{"kind": "inSource", "justification": "# torch2ms: ignore"}]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "torch2ms", "version": __version__, "rules": rules}},
            "results": results,
            "properties": {"target": doc["target"], "summary": doc["summary"], "effort": doc["effort"],
                           "todo_apis": doc["todo_apis"], "files": doc["files"]},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
