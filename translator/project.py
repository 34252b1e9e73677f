"""Translate a set of files or package trees into an output location, one file at a time.

A bad file is reported and does not stop the others; inputs are never written to; every output
is written atomically. A package's generated support code goes into one module of the output
package (see helper_module).
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from translator.diagnostics import Diagnostic, TranslatorError
from translator.discover import kind_of, walk
from translator.engine import FileResult, translate_source
from translator.helper_module import MODULE, HelperModule, import_spec, is_package
from translator.notebooks import Notebook, read_notebook, write_notebook
from translator.package_names import ModuleLinks, package_links
from translator.source_io import (
    SourceDecodeError,
    atomic_copy,
    atomic_write,
    decode_source,
    refuse_overlap,
    refuse_overwrite,
)
from translator.tables.schema import Tables

_FILE_SUFFIXES = (".py", ".pyi", ".pyw", ".ipynb")


@dataclass
class RunReport:
    results: list[FileResult] = field(default_factory=list)
    copied: int = 0
    write_errors: list[str] = field(default_factory=list)  # outputs that could not be written
    stale: list[str] = field(default_factory=list)  # --check / --diff: outputs that would change
    written: list[str] = field(default_factory=list)  # outputs created or replaced (copies too)
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

    def summary(self) -> str:
        statuses = Counter(r.status for r in self.results)
        text = (
            f"{len(self.results)} Python files ({statuses['translated']} translated, "
            f"{statuses['unchanged']} unchanged, {statuses['failed']} failed), {self.copied} other files copied; "
            f"{self.translated_uses} torch API uses translated, {self.todo_uses} left as TODO"
        )
        if self.write_errors:
            text += f"; {len(self.write_errors)} outputs could not be written"
        return text


def plan(sources: list[Path], output: str | None, excludes: tuple[str, ...] = (),
         include_all: bool = True) -> list[tuple[Path, Path | None, bool]]:
    """Triples of (input file, output file, from a folder); output None means standard output
    (or, when ``output`` itself is None, nowhere: a scan). Files found in a folder are walked
    with :func:`translator.discover.walk` (default excludes, ``excludes``, .gitignore);
    ``include_all`` also lists the files that are only copied."""
    for src in sources:
        if not src.exists():
            raise TranslatorError(f"{src}: no such file or directory")
    if output is None:
        return [(p, None, src.is_dir()) for src in sources
                for p in _files(src, excludes, include_all)]
    if output == "-":
        if len(sources) != 1 or not sources[0].is_file():
            raise TranslatorError("-o - (standard output) takes exactly one source file")
        return [(sources[0], None, False)]
    out = Path(output)
    single_file = len(sources) == 1 and sources[0].is_file() and not out.is_dir()
    if not single_file and (out.is_file() or out.suffix in _FILE_SUFFIXES):
        what = "a folder source" if len(sources) == 1 else f"{len(sources)} sources"
        raise TranslatorError(f"-o {output}: {what} need an output folder, and {output} "
                              f"{'is a file' if out.is_file() else 'is named like a file'}")
    pairs: list[tuple[Path, Path | None, bool]] = []
    for src in sources:
        if src.is_file():
            pairs.append((src, out if single_file else out / src.name, False))
            continue
        base = out if len(sources) == 1 else out / src.name
        pairs += [(path, base / path.relative_to(src), True) for path in _files(src, excludes, include_all)]
    return pairs


def _files(src: Path, excludes: tuple[str, ...], include_all: bool) -> list[Path]:
    if src.is_file():
        return [src]
    return walk(src, excludes, include_all)


def _prepare_output(output: str, sources: list[Path]) -> None:
    """Fail once, before any work, when the output location cannot be created at all."""
    out = Path(output)
    folder = out.parent if len(sources) == 1 and sources[0].is_file() and not out.is_dir() else out
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TranslatorError(f"-o {output}: cannot create {folder}: {exc.strerror or exc}") from None
    try:  # a folder that exists but refuses files (permissions, read-only mount)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise TranslatorError(f"-o {output}: cannot write in {folder}: {exc.strerror or exc}") from None


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
                    in_place: bool = False, excludes: tuple[str, ...] = (),
                    mode: str = "write") -> RunReport:
    """Translate ``sources`` into ``output``; ``output`` None translates without writing.

    ``mode`` "check" and "diff" write nothing: they list the outputs that would change
    (``RunReport.stale``), and "diff" prints each change as a unified diff on stdout."""
    write = output is not None and mode == "write"
    if output not in (None, "-"):
        refuse_overlap(sources, Path(output), in_place)
    pairs = plan(sources, output, excludes)
    if output is not None:
        refuse_overwrite([(s, d) for s, d, _ in pairs], sources, in_place)
    if write and output != "-":
        _prepare_output(output, sources)
    roots = package_roots(sources, output)
    links = _links(sources, pairs)
    report = RunReport()
    for src, dst, in_tree in pairs:
        if not (kind_of(src) or not in_tree):
            if write and dst is not None and src.resolve() != dst.resolve():
                try:
                    if not (dst.is_file() and dst.read_bytes() == src.read_bytes()):
                        atomic_copy(src, dst)
                        report.written.append(str(dst))
                except OSError as exc:
                    report.write_errors.append(f"{dst}: cannot copy {src}: {exc.strerror or exc}")
                    continue
            report.copied += 1
            continue
        # a module of the package imports its generated code; a notebook keeps it inline
        root = next((r for r in roots if src.suffix == ".py" and src.is_relative_to(r)), None)
        result = _translate_in_package(src, root, tables, report, links.get(src)) if root else \
            translate_file(src, tables, links=links.get(src))
        report.results.append(result)
        if mode != "write":
            _compare(src, dst, result, report, show=mode == "diff")
            continue
        if output is None:
            continue
        try:
            if _write_result(src, dst, result, keep_whole=in_tree) and dst is not None:
                report.written.append(str(dst))
        except (OSError, UnicodeEncodeError) as exc:  # disk full, unwritable folder, ...
            report.write_errors.append(f"{dst or 'output'}: cannot write: {getattr(exc, 'strerror', None) or exc}")
    for root, module in report.helper_modules.items():
        if roots[root] is not None and module.definitions:
            _helper_module_output(roots[root] / f"{MODULE}.py", module.render(tables), root, report, mode)
    return report


def _links(sources: list[Path], pairs: list[tuple[Path, Path | None, bool]]) -> dict[Path, ModuleLinks]:
    """The torch names each module of a source folder shares with the folder's other modules."""
    found: dict[Path, ModuleLinks] = {}
    for src in sources:
        if src.is_dir():
            files = [p for p, _, in_tree in pairs if in_tree and p.suffix == ".py" and p.is_relative_to(src)]
            found.update(package_links(files, src.parent if is_package(src) else src))
    return found


def _translate_in_package(src: Path, root: Path, tables: Tables, report: RunReport,
                          links: ModuleLinks | None = None) -> FileResult:
    module = report.helper_modules.setdefault(root, HelperModule())
    result = translate_file(src, tables, import_spec(src.relative_to(root)), links)
    if module.conflicts(result.helpers):
        # the same name generated differently: the file keeps its definitions rather than
        # import others'
        return translate_file(src, tables, links=links)
    module.add(str(src), result.helpers)
    return result


def _helper_module_output(path: Path, text: str, root: Path, report: RunReport, mode: str) -> None:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    if mode != "write":
        report.stale.append(str(path))
        if mode == "diff":
            before = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []
            sys.stdout.writelines(difflib.unified_diff(before, text.splitlines(keepends=True),
                                                       f"a/{path}", f"b/{path}"))
            sys.stdout.flush()
        return
    try:
        atomic_write(path, data, mode_from=root / "__init__.py")
        report.written.append(str(path))
    except OSError as exc:
        report.write_errors.append(f"{path}: cannot write the package's helper module: {exc.strerror or exc}")


def _compare(src: Path, dst: Path | None, result: FileResult, report: RunReport, show: bool) -> None:
    if result.status == "failed":
        return
    new = result_bytes(src, result)
    old = dst.read_bytes() if dst is not None and dst.is_file() else (src.read_bytes() if dst is None else b"")
    if new == old:
        return
    report.stale.append(str(dst or src))
    if show:
        before = old.decode("utf-8", "replace").splitlines(keepends=True)
        after = new.decode("utf-8", "replace").splitlines(keepends=True)
        label = str(dst) if dst is not None and dst.is_file() else str(src)
        sys.stdout.writelines(difflib.unified_diff(before, after, f"a/{label}", f"b/{dst or src}"))
        sys.stdout.flush()


def _write_result(src: Path, dst: Path | None, result: FileResult, keep_whole: bool) -> bool:
    """Write ``result``; True when a file was created or replaced."""
    if result.status == "failed":
        # a mirrored package stays whole: the file arrives untranslated, and the run fails
        # loudly; a file named on its own is not written at all
        data = src.read_bytes()
        if not keep_whole or dst is None or src.resolve() == dst.resolve():
            return False
    else:
        data = result_bytes(src, result)
    if dst is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    if dst.exists() and dst.read_bytes() == data:
        return False
    atomic_write(dst, data, mode_from=src)
    return True


def read_input(src: Path) -> tuple[str, Notebook | None]:
    """The Python text of ``src`` (a notebook's code cells as one module). Raises
    SourceDecodeError (with the place) or OSError."""
    data = src.read_bytes()
    if kind_of(src) == "notebook":
        nb = read_notebook(data, str(src))
        return nb.module, nb
    return decode_source(data, str(src)).text, None


def translate_file(src: Path, tables: Tables, helper_module: str | None = None,
                   links: ModuleLinks | None = None) -> FileResult:
    try:
        text, _ = read_input(src)
    except SourceDecodeError as exc:
        return FileResult(str(src), "failed", diagnostics=[diag_from(str(exc), str(src))])
    except OSError as exc:
        return FileResult(str(src), "failed", diagnostics=[Diagnostic(str(src), 1, 1, f"cannot read: {exc}")])
    return translate_source(text, str(src), tables, helper_module=helper_module, links=links)


def result_bytes(src: Path, result: FileResult) -> bytes:
    data = src.read_bytes()
    if result.status == "unchanged":
        return data
    if kind_of(src) == "notebook":
        return write_notebook(read_notebook(data, str(src)), result.code or "")
    return decode_source(data, str(src)).encode(result.code or "")


def diag_from(message: str, path: str) -> Diagnostic:
    """A Diagnostic from a ``path:line:col: text`` message (1:1 when it has no place)."""
    rest = message[len(path) + 1:] if message.startswith(path + ":") else message
    try:
        line, col, text = rest.split(":", 2)
        return Diagnostic(path, int(line), int(col), text.strip())
    except ValueError:
        return Diagnostic(path, 1, 1, message)
