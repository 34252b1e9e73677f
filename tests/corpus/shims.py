"""How much generated support code a translated package carries (issue 14's measure).

    python -m tests.corpus.shims [--target mindspore|paddle]

Translates torchvision's ``models/`` and timm's ``models/`` + ``layers/`` as packages (as a user
would: one ``translate`` run per package directory) and prints, per target: the output files, the
files that need any shim (defining generated support code or importing it from the package's
helper module), the generated definitions, and the names defined in more than one file of a package
(the goal is none: one helper module per package).

A generated definition is a module-level ``def``/``class`` of the output that the input does not
have; a file "imports a shim" when it imports from a module that the translation created.
"""

from __future__ import annotations

import argparse
import ast
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.corpus.fetch import model_sources, package_sources
from translator.project import translate_paths
from translator.tables import load_tables
from translator.tables.loader import available_targets


def _top_level_names(path: Path) -> set[str]:
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError):
        return set()
    return {s.name for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def _imported_modules(path: Path) -> set[str]:
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError):
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add(("." * node.level) + (node.module or ""))
            found.update(("." * node.level) + (node.module + "." if node.module else "") + a.name
                         for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@dataclass
class ShimCount:
    files: int = 0
    with_shims: int = 0
    definitions: int = 0
    defined_in: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def repeated(self) -> dict[str, int]:
        return {name: len(files) for name, files in self.defined_in.items() if len(files) > 1}


def count_package(src: Path, out: Path, package: str, count: ShimCount) -> None:
    created = {p.relative_to(out) for p in out.rglob("*.py")} - {p.relative_to(src) for p in src.rglob("*.py")}
    created_modules = {".".join(p.with_suffix("").parts) for p in created}
    for path in sorted(out.rglob("*.py")):
        rel = path.relative_to(out)
        count.files += 1
        original = src / rel
        new = _top_level_names(path) - (_top_level_names(original) if original.is_file() else set())
        imports = _imported_modules(path)
        uses_created = any(m.lstrip(".").split(".")[-1] in {c.split(".")[-1] for c in created_modules}
                           for m in imports) if created_modules else False
        if new or uses_created or rel in created:
            count.with_shims += 1
        count.definitions += len(new)
        for name in new:
            count.defined_in[name].add(f"{package}/{rel}")


def measure(target: str) -> ShimCount:
    tables = load_tables(target)
    count = ShimCount()
    packages = {"torchvision/models": model_sources("torchvision"),
                "timm/models": model_sources("timm"),
                "timm/layers": package_sources("timm") / "layers"}
    with tempfile.TemporaryDirectory() as tmp:
        for name, src in packages.items():
            out = Path(tmp) / name
            translate_paths([src], str(out), tables)
            count_package(src, out, name, count)
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", action="append", choices=available_targets())
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    for target in args.target or available_targets():
        c = measure(target)
        repeated = c.repeated
        print(f"{target}: {c.with_shims}/{c.files} output files need a shim; {c.definitions} generated "
              f"definitions; {len(repeated)} names defined in more than one file")
        for name, n in Counter(repeated).most_common(args.top):
            print(f"  {n:4d} files define {name}")


if __name__ == "__main__":
    main()
