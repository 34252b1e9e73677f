"""``--format markdown``: a pull-request comment (GitHub-flavoured tables, details folded)."""

from __future__ import annotations

from translator.report.wording import LABELS, effort, gate, pct, scope


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(doc: dict) -> str:
    s = doc["summary"]
    out = ["## torch2ms migration report", "", f"{scope(doc)}.", ""]
    out += ["| category | uses | share |", "| --- | ---: | ---: |",
            f"| translated directly | {s['direct']} | {pct(s['direct_percent'])} |",
            f"| translated with a note to read | {s['noted']} | {pct(s['noted_percent'])} |",
            f"| left as TODO | {s['todo']} | {pct(s['todo_percent'])} |",
            f"| **all torch API uses** | **{s['uses']}** | {pct(s['automatic_percent'])} automatic |", ""]
    out += [f"{effort(doc)}.", "", f"{gate(doc)}.", ""]
    if doc["todo_apis"]:
        out += ["### TODO APIs by uses", "", "| API | uses | files | suggested course |",
                "| --- | ---: | --- | --- |"]
        out += [f"| `{_cell(t['api'])}` | {t['uses']} | {_cell(', '.join(t['files']))} | {_cell(t['suggestion'])} |"
                for t in doc["todo_apis"]]
        out.append("")
    if doc["files"]:
        out += ["<details><summary>Per file</summary>", "", "| file | uses | direct | noted | TODO |",
                "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| {_cell(f['path'])}{' (failed)' if f['status'] == 'failed' else ''} | {f['uses']} | "
                f"{f['direct']} | {f['noted']} | {f['todo']} |" for f in doc["files"]]
        out += ["", "</details>", ""]
    if doc["findings"]:
        out += ["<details><summary>Findings</summary>", "", "| file | line | col | API | category | reason | status |",
                "| --- | ---: | ---: | --- | --- | --- | --- |"]
        out += [f"| {_cell(f['path'])}{' cell ' + str(f['cell']) if f.get('cell') else ''} | "
                f"{f['line']} | {f['col']} | "
                f"`{_cell(f['api'])}` | {LABELS[f['category']]} | {_cell(f['reason'])} | {f['status']} |"
                for f in doc["findings"]]
        out += ["", "</details>", ""]
    return "\n".join(out)
