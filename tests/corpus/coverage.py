"""Translate timm + torchvision model sources (and timm's layers/) and report, per target, how much translates.

    python -m tests.corpus.coverage [--target mindspore|paddle] [--top 25]

Prints the share of torch API uses translated without TODO, the files whose output does not
compile (must be none), and the APIs most often left as TODO.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.corpus.fetch import all_model_sources, package_sources
from translator.engine import translate_source
from translator.source_io import read_source
from translator.tables import load_tables
from translator.tables.loader import available_targets


@dataclass
class Coverage:
    target: str
    files: int = 0
    translated: int = 0
    todo: int = 0
    not_compiling: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    todo_apis: Counter = field(default_factory=Counter)

    @property
    def percent(self) -> float:
        total = self.translated + self.todo
        return 100.0 * self.translated / total if total else 100.0


def measure(target: str, roots: list[Path]) -> Coverage:
    tables = load_tables(target)
    cov = Coverage(target)
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            cov.files += 1
            result = translate_source(read_source(path).text, str(path), tables)
            if result.status == "failed":
                cov.failed += [str(d) for d in result.diagnostics]
                continue
            try:
                compile(result.code, str(path), "exec", dont_inherit=True)
            except SyntaxError as exc:
                cov.not_compiling.append(f"{path}:{exc.lineno}: {exc.msg}")
            cov.translated += sum(result.translated.values())
            cov.todo += result.todo_count
            cov.todo_apis.update(t.api for t in result.todos)
    return cov


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", action="append", choices=available_targets())
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    # timm's models are built from timm.layers: a translated model needs them translated too
    roots = [*all_model_sources(), package_sources("timm") / "layers"]
    for target in args.target or available_targets():
        cov = measure(target, roots)
        print(f"{target}: {cov.files} files, {cov.translated} torch API uses translated, {cov.todo} left as "
              f"TODO: {cov.percent:.2f}% translated; {len(cov.not_compiling)} outputs do not compile, "
              f"{len(cov.failed)} files failed")
        for line in cov.not_compiling + cov.failed:
            print(f"  ! {line}")
        for api, n in cov.todo_apis.most_common(args.top):
            print(f"  {n:6d}  {api}")


if __name__ == "__main__":
    main()
