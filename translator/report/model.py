"""The scan report as data: one model every output format renders, so all carry the same numbers.

Each torch API use found in a file is in exactly one category:

- ``direct``: translated, nothing for a reader to check;
- ``noted``: translated, with a behaviour note to read (an argument dropped, a default the target
  does not share written out, a generated adapter or helper; see translator/rewrite/notes.py);
- ``todo``: left as torch code under a ``# TODO(torch2ms)`` comment.

Findings are the ``todo`` and ``noted`` uses (and files that could not be read or parsed), each
located; the document produced by :func:`report_document` is the JSON format, schema
``report/schema.json``, version :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field

SCHEMA_VERSION = 1
CODES = {"todo": "T2M001", "note": "T2M002", "error": "T2M900"}
SUPPRESS = "# torch2ms: ignore"
# minutes of hand work: learning each API left as TODO once, then fixing each use of it, then
# reading the notes of each noted API once (its uses repeat the same few notes: timm's 1,600 noted
# uses are 90% "generated adapter"); the report states it with the numbers it was applied to
EFFORT_PER_API, EFFORT_PER_TODO, EFFORT_PER_NOTED_API = 30, 10, 5
EFFORT_FORMULA = (f"hours = ({EFFORT_PER_API} min x distinct TODO APIs + {EFFORT_PER_TODO} min x TODO uses"
                  f" + {EFFORT_PER_NOTED_API} min x distinct noted APIs) / 60")


@dataclass
class Finding:
    path: str
    line: int
    col: int
    api: str
    category: str  # todo | note | error
    reason: str
    cell: int | None = None  # notebooks: the cell (1-based index among all cells); line is within it
    context: str = ""  # the flagged line's text, stripped: matches the finding across edits
    status: str = "new"  # new | baselined | suppressed

    @property
    def code(self) -> str:
        return CODES[self.category]


@dataclass
class FileReport:
    path: str
    kind: str  # python | notebook
    lines: int = 0
    direct: int = 0
    noted: int = 0
    todo: int = 0
    status: str = "ok"  # ok | failed
    findings: list[Finding] = field(default_factory=list)

    @property
    def uses(self) -> int:
        return self.direct + self.noted + self.todo


def fingerprint(finding: Finding) -> str:
    """What identifies a finding across edits: its category, API and line text, not its line."""
    text = f"{finding.category}\0{finding.api}\0{finding.context}"
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _percent(part: int, whole: int) -> float | None:
    # no uses: no percentage at all (not "100% translate automatically")
    return round(100.0 * part / whole, 1) if whole else None


def report_document(files: list[FileReport], target: str, suggestions: dict[str, str]) -> dict:
    """The report as plain data (the JSON format). ``suggestions``: TODO API -> suggested course."""
    uses = sum(f.uses for f in files)
    direct, noted, todo = (sum(f.direct for f in files), sum(f.noted for f in files),
                           sum(f.todo for f in files))
    findings = [x for f in files for x in f.findings]
    todo_files: dict[str, dict[str, int]] = defaultdict(dict)
    for x in findings:
        if x.category == "todo":
            todo_files[x.api][x.path] = todo_files[x.api].get(x.path, 0) + 1
    ranked = sorted(todo_files.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    noted_apis = len({x.api for x in findings if x.category == "note"})
    minutes = EFFORT_PER_API * len(ranked) + EFFORT_PER_TODO * todo + EFFORT_PER_NOTED_API * noted_apis
    by_status = {s: sum(1 for x in findings if x.status == s and x.category != "error")
                 for s in ("new", "baselined", "suppressed")}
    return {
        "schema": "torch2ms-scan",
        "version": SCHEMA_VERSION,
        "target": target,
        "summary": {
            "files": len(files),
            "files_failed": sum(1 for f in files if f.status == "failed"),
            "lines": sum(f.lines for f in files),
            "uses": uses, "direct": direct, "noted": noted, "todo": todo,
            "direct_percent": _percent(direct, uses),
            "noted_percent": _percent(noted, uses),
            "todo_percent": _percent(todo, uses),
            "automatic_percent": _percent(direct + noted, uses),
            "findings_new": by_status["new"],
            "findings_baselined": by_status["baselined"],
            "findings_suppressed": by_status["suppressed"],
        },
        "effort": {
            "hours": round(minutes / 60, 1),
            "formula": EFFORT_FORMULA,
            "inputs": {"todo_apis": len(ranked), "todo_uses": todo, "noted_apis": noted_apis},
        },
        "todo_apis": [
            {"api": api, "uses": sum(where.values()), "files": sorted(where),
             "suggestion": suggestions.get(api, "")}
            for api, where in ranked
        ],
        "files": [{"path": f.path, "kind": f.kind, "lines": f.lines, "uses": f.uses, "direct": f.direct,
                   "noted": f.noted, "todo": f.todo, "status": f.status} for f in files],
        "findings": [{**{k: v for k, v in asdict(x).items() if k != "context"}, "code": x.code,
                      "fingerprint": fingerprint(x)} for x in findings],
    }
