"""``--format text``: the terminal report."""

from __future__ import annotations

from translator.report.wording import LABELS, effort, gate, headline, place, scope


def render(doc: dict) -> str:
    out = [f"torch2ms scan: {scope(doc)}", headline(doc), effort(doc), gate(doc)]
    if doc["todo_apis"]:
        out.append("")
        out.append("TODO APIs by uses:")
        for t in doc["todo_apis"]:
            files = ", ".join(t["files"][:3]) + (f" and {len(t['files']) - 3} more" if len(t["files"]) > 3 else "")
            out.append(f"  {t['uses']:6d}  {t['api']}  [{files}]  -> {t['suggestion']}")
    if doc["files"]:
        out.append("")
        width = max(len(f["path"]) for f in doc["files"])
        out.append(f"  {'file':<{width}}  {'uses':>6} {'direct':>6} {'noted':>6} {'TODO':>6}")
        for f in doc["files"]:
            failed = "  (failed)" if f["status"] == "failed" else ""
            numbers = f"{f['uses']:6d} {f['direct']:6d} {f['noted']:6d} {f['todo']:6d}"
            out.append(f"  {f['path']:<{width}}  {numbers}{failed}")
    if doc["findings"]:
        out.append("")
        for f in doc["findings"]:
            tag = "" if f["status"] == "new" else f" [{f['status']}]"
            api = f"{f['api']}: " if f["api"] else ""
            out.append(f"{place(f)}: {LABELS[f['category']]} {api}{f['reason']}{tag}")
    return "\n".join(out) + "\n"
