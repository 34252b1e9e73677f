"""Accepted findings: ``scan --write-baseline FILE`` records them, ``--baseline FILE`` lets them pass.

A finding is matched by its file, category, API and the text of its line (stripped), counted:
editing other lines, moving the statement or re-indenting it keeps it matched; changing the
line itself, or adding another identical one, makes a new finding. Paths are stored relative
to the baseline file's folder, so the file works from any working directory.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from translator.diagnostics import TranslatorError
from translator.report.model import FileReport, Finding
from translator.source_io import atomic_write

BASELINE_VERSION = 1


def _key(finding: Finding, base: Path) -> tuple[str, str, str, str]:
    rel = Path(os.path.relpath(Path(finding.path).resolve(), base.resolve())).as_posix()
    return rel, finding.category, finding.api, finding.context


def write_baseline(path: Path, files: list[FileReport], target: str) -> int:
    """Record every todo and note finding of ``files`` (not suppressed ones); returns how many."""
    counts = Counter(_key(f, path.parent) for r in files for f in r.findings
                     if f.category != "error" and f.status != "suppressed")
    entries = [{"path": k[0], "category": k[1], "api": k[2], "context": k[3], "count": n}
               for k, n in sorted(counts.items())]
    doc = {"schema": "torch2ms-baseline", "version": BASELINE_VERSION, "target": target, "findings": entries}
    atomic_write(path, (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return sum(counts.values())


def apply_baseline(path: Path, files: list[FileReport]) -> None:
    """Mark the findings ``path`` records as ``baselined``."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("schema") != "torch2ms-baseline" or doc.get("version") != BASELINE_VERSION:
            raise ValueError(f"not a torch2ms baseline of version {BASELINE_VERSION}")
        left = Counter({(e["path"], e["category"], e["api"], e["context"]): int(e["count"])
                        for e in doc["findings"]})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TranslatorError(f"--baseline {path}: {exc}") from None
    for report in files:
        for f in report.findings:
            if f.category == "error" or f.status == "suppressed":
                continue
            key = _key(f, path.parent)
            if left[key] > 0:
                left[key] -= 1
                f.status = "baselined"
