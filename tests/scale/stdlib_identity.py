"""Proof at scale: translate every .py file of this machine's CPython standard library.

None of them uses torch, so each file that parses must come back byte-identical (BOMs, coding
cookies, CRLF, odd encodings and all). Files with deliberate syntax or encoding errors
(lib2to3 test data, badsyntax_*.py, bad_coding*.py) must be reported as errors, with a place,
never crash the run. The translation goes through the same functions ``torch2ms translate``
uses (``translate_file`` and ``result_bytes``).

With ``--with-torch-import`` it is a stress test of the rewrite itself: ``import torch`` is
appended to every file that parses, so the whole walk runs (method renames such as ``forward``
and tensor-method rewrites of look-alike calls do apply); then the check is that no file
crashes or fails internally, the output compiles, and translating it again changes nothing.
``--every N`` samples every Nth file.

Usage: python tests/scale/stdlib_identity.py [--to mindspore|paddle] [--limit N] [--every N]
                                             [--with-torch-import] [-v]
Exits 0 when every file is identical (or passes the stress check) or reported, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from translator.engine import translate_source  # noqa: E402
from translator.project import result_bytes, translate_file  # noqa: E402
from translator.source_io import read_source  # noqa: E402
from translator.tables.loader import load_tables  # noqa: E402

# third-party packages installed into the stdlib folder are not the standard library
_NOT_STDLIB = {"site-packages", "dist-packages", "__pycache__"}


@dataclass
class Outcome:
    files: int = 0
    identical: int = 0
    reported: list[str] = field(default_factory=list)  # "path:line:col: message"
    changed: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.changed and not self.crashed


def stdlib_files(root: Path | None = None) -> list[Path]:
    root = root or Path(sysconfig.get_paths()["stdlib"])
    return sorted(p for p in root.rglob("*.py")
                  if p.is_file() and not _NOT_STDLIB & set(p.relative_to(root).parts))


def check(files: list[Path], target: str = "mindspore") -> Outcome:
    tables = load_tables(target)
    outcome = Outcome()
    start = time.perf_counter()
    for path in files:
        outcome.files += 1
        try:
            result = translate_file(path, tables)
            if result.status == "failed":
                outcome.reported += [str(d) for d in result.diagnostics]
                continue
            if result_bytes(path, result) == path.read_bytes():
                outcome.identical += 1
            else:
                outcome.changed.append(str(path))
        except Exception:  # the point of the check: nothing may escape
            outcome.crashed.append(f"{path}\n{traceback.format_exc()}")
    outcome.seconds = time.perf_counter() - start
    return outcome


def stress(files: list[Path], target: str = "mindspore") -> Outcome:
    """Every file that parses, with ``import torch`` appended: no crash, no internal failure,
    idempotent (``translate_source`` already refuses output that does not compile)."""
    tables = load_tables(target)
    outcome = Outcome()
    start = time.perf_counter()
    for path in files:
        outcome.files += 1
        try:
            text = read_source(path).text
            compile(text, str(path), "exec", dont_inherit=True, flags=0x400)  # PyCF_ONLY_AST
        except Exception as exc:  # not a valid file: the identity check reports these
            outcome.reported.append(f"{path}: {type(exc).__name__}")
            continue
        text += ("" if not text or text.endswith(("\n", "\r")) else "\n") + "import torch\n"
        try:
            first = translate_source(text, str(path), tables)
            if first.status == "failed":
                outcome.crashed.append(f"{path}: " + "; ".join(map(str, first.diagnostics)))
                continue
            second = translate_source(first.code, str(path), tables)
            if second.code == first.code:
                outcome.identical += 1
            else:
                outcome.changed.append(f"{path}: second translation differs")
        except Exception:
            outcome.crashed.append(f"{path}\n{traceback.format_exc()}")
    outcome.seconds = time.perf_counter() - start
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", default="mindspore")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--every", type=int, default=1, help="only every Nth file")
    parser.add_argument("--with-torch-import", action="store_true", help="stress the rewrite (see above)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the reported files")
    args = parser.parse_args(argv)
    files = stdlib_files()
    if args.limit:
        files = files[: args.limit]
    files = files[:: max(1, args.every)]
    outcome = (stress if args.with_torch_import else check)(files, args.to)
    if args.verbose:
        for line in outcome.reported:
            print(f"reported: {line}")
    for path in outcome.changed:
        print(f"CHANGED: {path}")
    for crash in outcome.crashed:
        print(f"CRASHED: {crash}")
    print(f"{outcome.files} stdlib files in {outcome.seconds:.1f}s: {outcome.identical} "
          f"{'idempotent' if args.with_torch_import else 'identical'}, "
          f"{len(outcome.reported)} reported as errors, {len(outcome.changed)} changed, "
          f"{len(outcome.crashed)} crashed")
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
