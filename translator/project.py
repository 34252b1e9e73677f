"""Translate a set of files or package trees into an output location, one file at a time.

A bad file is reported and does not stop the others; inputs are never written to; every output
is written atomically. A package's generated support code goes into one module of the output
package (see helper_module).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from translator.diagnostics import Diagnostic, TranslatorError
from translator.engine import FileResult, translate_source
from translator.helper_module import MODULE, HelperModule, import_spec, is_package
from translator.source_io import (
    SourceDecodeError,
    atomic_copy,
    atomic_write,
    read_source,
    refuse_overlap,
    refuse_overwrite,
)
from translator.tables.schema import Tables

_SKIP_DIRS = {"__pycache__", ".git", ".hg", ".svn", ".mypy_cache", ".pytest_cache", ".ruff_cache"}


@dataclass
class RunReport:
    results: list[FileResult] = field(default_factory=list)
    copied: int = 0
    helper_modules: dict[Path, HelperModule] = field(default_factory=dict)  # package source -> module

    def helpers(self) -> dict[str, list[str]]:
        """Every generated definition the migration needs -> the files that use it."""
        found: dict[str, list[str]] = {}
        for r in self.results:
            for name in r.helpers:
                found.setdefault(name, []).append(r.path)
        return found

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def translated_uses(self) -> int:
        return sum(sum(r.translated.values()) for r in self.results)

    @property
    def todo_uses(self) -> int:
        return sum(r.todo_count for r in self.results)

    def todo_apis(self) -> Counter:
        return Counter(t.api for r in self.results for t in r.todos)

    def summary(self) -> str:
        statuses = Counter(r.status for r in self.results)
        return (
            f"{len(self.results)} Python files ({statuses['translated']} translated, "
            f"{statuses['unchanged']} unchanged, {statuses['failed']} failed), {self.copied} other files copied; "
            f"{self.translated_uses} torch API uses translated, {self.todo_uses} left as TODO"
        )


def plan(sources: list[Path], output: str | None) -> list[tuple[Path, Path | None]]:
    """Pairs of (input file, output file); output None means standard output (or, when
    ``output`` itself is None, nowhere: a scan)."""
    for src in sources:
        if not src.exists():
            raise TranslatorError(f"{src}: no such file or directory")
    if output is None:
        return [(p, None) for src in sources for p in _files(src)]
    if output == "-":
        if len(sources) != 1 or not sources[0].is_file():
            raise TranslatorError("-o - (standard output) takes exactly one source file")
        return [(sources[0], None)]
    out = Path(output)
    pairs: list[tuple[Path, Path | None]] = []
    single_file = len(sources) == 1 and sources[0].is_file() and not out.is_dir()
    for src in sources:
        if src.is_file():
            pairs.append((src, out if single_file else out / src.name))
            continue
        base = out if len(sources) == 1 else out / src.name
        pairs += [(path, base / path.relative_to(src)) for path in _files(src)]
    return pairs


def _files(src: Path) -> list[Path]:
    if src.is_file():
        return [src]
    return [p for p in sorted(src.rglob("*"))
            if p.is_file() and not any(part in _SKIP_DIRS for part in p.relative_to(src).parts)]


def package_roots(sources: list[Path], output: str | None) -> dict[Path, Path | None]:
    """The source packages that get one helper module -> the output folder it goes into (None
    when nothing is written). A package that already has one (translated before) keeps any new
    generated code inline rather than have its module replaced."""
    roots: dict[Path, Path | None] = {}
    for src in sources:
        if not is_package(src) or (src / f"{MODULE}.py").exists() or output == "-":
            continue
        roots[src] = None if output is None else Path(output) if len(sources) == 1 else Path(output) / src.name
    return roots


def translate_paths(sources: list[Path], output: str | None, tables: Tables,
                    in_place: bool = False) -> RunReport:
    """Translate ``sources`` into ``output``; ``output`` None translates without writing."""
    write = output is not None
    if output not in (None, "-"):
        refuse_overlap(sources, Path(output), in_place)
    pairs = plan(sources, output)
    if write:
        refuse_overwrite(pairs, sources, in_place)
    roots = package_roots(sources, output)
    report = RunReport()
    for src, dst in pairs:
        if src.suffix != ".py":
            if write and dst is not None and src.resolve() != dst.resolve():
                try:
                    atomic_copy(src, dst)
                except OSError as exc:
                    # reported like a failed translation: the run goes on and exits non-zero
                    report.results.append(FileResult(str(src), "failed", diagnostics=[
                        Diagnostic(str(src), 1, 1, f"cannot copy to {dst}: {exc}")]))
                    continue
            report.copied += 1
            continue
        root = next((r for r in roots if src.is_relative_to(r)), None)
        result = _translate_in_package(src, root, tables, report) if root else translate_file(src, tables)
        report.results.append(result)
        if not write:
            continue
        try:
            _write_result(src, dst, result)
        except (OSError, UnicodeEncodeError) as exc:  # disk full, unwritable folder, ...
            result.status = "failed"
            result.diagnostics.append(Diagnostic(str(src), 1, 1, f"cannot write {dst or 'output'}: {exc}"))
    for root, module in report.helper_modules.items():
        if write and roots[root] is not None and module.definitions:
            _write_helper_module(roots[root] / f"{MODULE}.py", module.render(tables), root, report)
    return report


def _translate_in_package(src: Path, root: Path, tables: Tables, report: RunReport) -> FileResult:
    module = report.helper_modules.setdefault(root, HelperModule())
    result = translate_file(src, tables, import_spec(src.relative_to(root)))
    if module.conflicts(result.helpers):
        # the same name generated differently (its target spelled otherwise because of the
        # file's own names): the file keeps its definitions rather than import others'
        return translate_file(src, tables)
    module.add(str(src), result.helpers)
    return result


def _write_helper_module(path: Path, text: str, root: Path, report: RunReport) -> None:
    try:
        if not (path.exists() and path.read_text(encoding="utf-8") == text):
            atomic_write(path, text.encode("utf-8"), mode_from=root / "__init__.py")
    except OSError as exc:
        report.results.append(FileResult(str(path), "failed", diagnostics=[
            Diagnostic(str(path), 1, 1, f"cannot write the package's helper module: {exc}")]))


def _write_result(src: Path, dst: Path | None, result: FileResult) -> None:
    if result.status == "failed":
        # keep the package whole: the file arrives untranslated, and the run fails loudly
        if dst is not None and src.resolve() != dst.resolve():
            atomic_write(dst, src.read_bytes(), mode_from=src)
        return
    data = result_bytes(src, result)
    if dst is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    elif not (dst.exists() and dst.read_bytes() == data):
        atomic_write(dst, data, mode_from=src)


def translate_file(src: Path, tables: Tables, helper_module: str | None = None) -> FileResult:
    try:
        source = read_source(src)
    except SourceDecodeError as exc:
        return FileResult(str(src), "failed", diagnostics=[_diag_from(str(exc), str(src))])
    except OSError as exc:
        return FileResult(str(src), "failed", diagnostics=[Diagnostic(str(src), 1, 1, f"cannot read: {exc}")])
    return translate_source(source.text, str(src), tables, helper_module=helper_module)


def result_bytes(src: Path, result: FileResult) -> bytes:
    source = read_source(src)
    if result.status == "unchanged":
        return src.read_bytes()
    return source.encode(result.code)


def _diag_from(message: str, path: str) -> Diagnostic:
    rest = message[len(path) + 1:] if message.startswith(path + ":") else message
    try:
        line, col, text = rest.split(":", 2)
        return Diagnostic(path, int(line), int(col), text.strip())
    except ValueError:
        return Diagnostic(path, 1, 1, message)
