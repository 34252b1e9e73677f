"""``torch2ms scan``: what a migration would take, writing nothing but the report.

Files are scanned by the engine ``translate`` runs (report/collect.py), spread over ``--jobs``
processes and gathered in input order, so the report is the same for any number of jobs.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from translator.diagnostics import TranslatorError
from translator.project import plan
from translator.report import render
from translator.report.baseline import apply_baseline, write_baseline
from translator.report.collect import scan_file
from translator.report.model import FileReport, report_document
from translator.source_io import atomic_write
from translator.tables.loader import load_tables
from translator.tables.schema import Tables

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 3
_TABLES: Tables | None = None  # one per worker process


def _init_worker(target: str, extra: list[Path]) -> None:
    global _TABLES
    _TABLES = load_tables(target, extra)


def _scan_in_worker(path: Path) -> FileReport:
    assert _TABLES is not None
    return scan_file(path, _TABLES)


def _progress_wanted(no_progress: bool) -> bool:
    ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
    return not no_progress and not ci and sys.stderr.isatty()


def _show(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\rscanning [{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
    sys.stderr.flush()


def scan_files(paths: list[Path], tables: Tables, target: str, extra: list[Path], jobs: int,
               progress: bool = False) -> list[FileReport]:
    """Reports of ``paths`` in their order, over ``jobs`` processes."""
    reports: list[FileReport] = []
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_init_worker,
                                 initargs=(target, extra)) as pool:
            chunk = max(1, len(paths) // (jobs * 8))
            for report in pool.map(_scan_in_worker, paths, chunksize=chunk):
                reports.append(report)
                if progress:
                    _show(len(reports), len(paths))
    else:
        for path in paths:
            reports.append(scan_file(path, tables))
            if progress:
                _show(len(reports), len(paths))
    if progress and paths:
        sys.stderr.write("\r" + " " * 70 + "\r")
    return reports


def suggestions(apis: set[str], tables: Tables) -> dict[str, str]:
    """A suggested course per TODO API: its target counterpart when the tables know one."""
    target = tables.target.name
    out = {}
    for api in apis:
        entry = tables.entries.get(api)
        if entry is not None and entry.target:
            out[api] = f"use {entry.target} by hand where the automatic rewrite stopped (see each reason)"
        elif entry is not None:
            out[api] = f"no {target} counterpart in the tables: rewrite by hand"
        else:
            out[api] = "no table entry: rewrite by hand, or add an entry with --table EXTRA.yaml"
    return out


def run_scan(args: argparse.Namespace) -> int:
    tables = load_tables(args.to, args.table)
    if args.baseline is not None and not args.baseline.is_file():
        raise TranslatorError(f"--baseline {args.baseline}: no such file (write one with --write-baseline)")
    paths = [p for p, _, _ in plan(args.sources, None, tuple(args.exclude), include_all=False)]
    if not paths:
        print(f"warning: no Python files or notebooks found in {', '.join(map(str, args.sources))}",
              file=sys.stderr)
    reports = scan_files(paths, tables, args.to, args.table, args.jobs, _progress_wanted(args.no_progress))
    if args.baseline is not None:
        apply_baseline(args.baseline, reports)
    apis = {f.api for r in reports for f in r.findings if f.category == "todo"}
    doc = report_document(reports, args.to, suggestions(apis, tables))
    text = render(args.format, doc)
    if args.output is not None:
        atomic_write(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    for r in reports:
        for f in r.findings:
            if f.category == "error":
                print(f"error: {f.path}:{f.line}:{f.col}: {f.reason}", file=sys.stderr)
    if args.write_baseline is not None:
        n = write_baseline(args.write_baseline, reports, args.to)
        print(f"baseline: {n} findings recorded in {args.write_baseline}", file=sys.stderr)
    if not paths or doc["summary"]["files_failed"]:
        return EXIT_INPUT
    if args.write_baseline is not None:
        return EXIT_OK
    return EXIT_FINDINGS if _fails(doc, args.fail_on, args.fail_under) else EXIT_OK


def _fails(doc: dict, fail_on: str | None, fail_under: float | None) -> bool:
    categories = {"todo": {"todo"}, "note": {"todo", "note"}}.get(fail_on or "", set())
    if any(f["status"] == "new" and f["category"] in categories for f in doc["findings"]):
        return True
    automatic = doc["summary"]["automatic_percent"]
    return fail_under is not None and automatic is not None and automatic < fail_under
