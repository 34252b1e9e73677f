"""Phrases every human-readable format shares, so they say the same thing the same way."""

from __future__ import annotations

LABELS = {"todo": "TODO", "note": "note", "error": "error"}


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def headline(doc: dict) -> str:
    s = doc["summary"]
    if not s["uses"]:
        why = " (every torch file failed to parse)" if s["files_failed"] else ""
        return f"no torch API uses found{why}"
    return (f"{s['uses']} torch API uses: {s['direct']} translated directly ({pct(s['direct_percent'])}), "
            f"{s['noted']} translated with a note to read ({pct(s['noted_percent'])}), "
            f"{s['todo']} left as TODO ({pct(s['todo_percent'])}); "
            f"{pct(s['automatic_percent'])} translate automatically")


def scope(doc: dict) -> str:
    s = doc["summary"]
    failed = f" ({s['files_failed']} could not be read or parsed)" if s["files_failed"] else ""
    return f"{s['files']} files{failed}, {s['lines']} lines, target {doc['target']}"


def effort(doc: dict) -> str:
    e = doc["effort"]
    i = e["inputs"]
    return (f"estimated hand work: {e['hours']} hours ({e['formula']}; "
            f"{i['todo_apis']} TODO APIs, {i['todo_uses']} TODO uses, {i['noted_apis']} noted APIs)")


def gate(doc: dict) -> str:
    s = doc["summary"]
    return (f"findings: {s['findings_new']} new, {s['findings_baselined']} in the baseline, "
            f"{s['findings_suppressed']} suppressed inline")


def place(f: dict) -> str:
    cell = f" (cell {f['cell']})" if f.get("cell") else ""
    return f"{f['path']}:{f['line']}:{f['col']}{cell}"
