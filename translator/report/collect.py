"""One file's findings, from the same engine ``translate`` runs (nothing is written)."""

from __future__ import annotations

from pathlib import Path

from translator.discover import kind_of
from translator.engine import translate_source
from translator.notebooks import cell_of
from translator.project import diag_from, read_input
from translator.report.model import SUPPRESS, FileReport, Finding
from translator.source_io import SourceDecodeError
from translator.tables.schema import Tables


def scan_file(path: Path, tables: Tables) -> FileReport:
    """Categorised uses and located findings of ``path``; an unreadable or unparsable file is a
    failed report with one ``error`` finding."""
    name = str(path)
    report = FileReport(name, "notebook" if kind_of(path) == "notebook" else "python")
    try:
        text, notebook = read_input(path)
    except SourceDecodeError as exc:
        d = diag_from(str(exc), name)
        report.status = "failed"
        report.findings.append(Finding(name, d.line, d.col, "", "error", d.message))
        return report
    except OSError as exc:
        report.status = "failed"
        report.findings.append(Finding(name, 1, 1, "", "error", f"cannot read: {exc.strerror or exc}"))
        return report
    lines = text.splitlines()
    report.lines = len(lines)
    if notebook is not None:
        report.lines -= len(notebook.cells)  # the cell marker comments are not the user's
    result = translate_source(text, name, tables)
    if result.status == "failed":
        report.status = "failed"
        for d in result.diagnostics:
            report.findings.append(_place(Finding(name, d.line, d.col, "", "error", d.message), notebook))
        return report
    report.todo = len(result.todos)
    found: list[Finding] = []
    for use in result.uses:
        if use.notes:
            report.noted += 1
            found.append(Finding(name, use.line, use.col, use.api, "note", "; ".join(use.notes)))
        else:
            report.direct += 1
    for t in result.todos:
        found.append(Finding(name, t.line, t.col, t.api, "todo", t.reason))
    for f in sorted(found, key=lambda f: (f.line, f.col, f.category != "todo", f.api)):
        source_line = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
        f.context = source_line.strip()
        if SUPPRESS in source_line:
            f.status = "suppressed"
        report.findings.append(_place(f, notebook))
    return report


def _place(f: Finding, notebook) -> Finding:
    if notebook is not None:
        f.cell, f.line = cell_of(notebook, f.line)
    return f
