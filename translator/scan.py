"""``torch2ms scan``: what a migration would take, without writing anything."""

from __future__ import annotations

import argparse
import sys

import yaml

from translator.project import translate_paths
from translator.tables.loader import load_tables


def run_scan(args: argparse.Namespace) -> int:
    tables = load_tables(args.to, args.table)
    report = translate_paths(args.sources, None, tables)
    todo_apis = report.todo_apis()
    total = report.translated_uses + report.todo_uses
    share = 100.0 * report.translated_uses / total if total else 100.0
    if args.format == "yaml":
        doc = {
            "target": args.to,
            "files": len(report.results),
            "translated_uses": report.translated_uses,
            "todo_uses": report.todo_uses,
            "translated_percent": round(share, 2),
            "todo_apis": dict(todo_apis.most_common()),
            # generated support code (adapters, run-time helpers) -> files using it
            "helpers": {name: len(files) for name, files in sorted(report.helpers().items())},
            "errors": [str(d) for r in report.failed for d in r.diagnostics],
        }
        sys.stdout.write(yaml.safe_dump(doc, sort_keys=False))
    else:
        for r in report.results:
            for d in r.diagnostics:
                print(f"{d}", file=sys.stdout)
            for t in r.todos:
                print(f"{r.path}:{t.line}: TODO {t.api}: {t.reason}")
        print(f"{report.summary()}; {share:.1f}% of torch API uses translate automatically")
        for api, n in todo_apis.most_common(15):
            print(f"  {n:6d}  {api}")
        helpers = report.helpers()
        print(f"{len(helpers)} generated helpers needed" + (": " + ", ".join(sorted(helpers)) if helpers else ""))
    if report.failed:
        return 1
    return 1 if (args.fail_on_todo and report.todo_uses) else 0
