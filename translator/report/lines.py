"""``--format lines``: ``path:line:col: CODE message``, what editors' problem matchers read.

Suppressed findings are left out; baselined ones say so. The last lines are the summary (they
do not match the pattern, so matchers skip them)."""

from __future__ import annotations

from translator.report.wording import LABELS, effort, gate, headline, scope


def render(doc: dict) -> str:
    out = []
    for f in doc["findings"]:
        if f["status"] == "suppressed":
            continue
        api = f"{f['api']}: " if f["api"] else ""
        cell = f" (cell {f['cell']})" if f.get("cell") else ""
        tag = " [baselined]" if f["status"] == "baselined" else ""
        out.append(f"{f['path']}:{f['line']}:{f['col']}: {f['code']} {LABELS[f['category']]} "
                   f"{api}{f['reason']}{cell}{tag}")
    out += [f"torch2ms scan: {scope(doc)}", headline(doc), effort(doc), gate(doc)]
    return "".join(line + "\n" for line in out)
