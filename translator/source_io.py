"""Reading Python sources exactly as Python would, and writing results without ever losing data.

Sources are decoded by their PEP 263 cookie or BOM and keep their newlines untouched, so the
bytes of every line we do not rewrite come back identical. Writes go to a temporary file in
the destination folder and are renamed into place, so a crash never leaves half a file.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path

from translator.diagnostics import TranslatorError


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return (b"\xef\xbb\xbf" + data) if self.bom else data


class SourceDecodeError(TranslatorError):
    pass


def decode_source(data: bytes, path: str) -> SourceText:
    """Decode like the interpreter: BOM, then coding cookie, then UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceDecodeError(f"{path}:1:1: {exc}") from None
    bom = encoding == "utf-8-sig"
    if bom:
        encoding = "utf-8"
        data = data[3:]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceDecodeError(
            f"{path}:{line}:{col}: not valid {encoding}: {exc.reason}"
        ) from None
    except LookupError:
        raise SourceDecodeError(f"{path}:1:1: unknown encoding {encoding!r}") from None
    return SourceText(text=text, encoding=encoding, bom=bom)


def read_source(path: Path) -> SourceText:
    return decode_source(path.read_bytes(), str(path))


def atomic_write(path: Path, data: bytes, mode_from: Path | None = None) -> None:
    """Write ``data`` to ``path`` via a temporary sibling and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode_from is not None:
            os.chmod(tmp, mode_from.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_copy(src: Path, dst: Path) -> None:
    """Copy ``src`` (data and metadata) to ``dst`` via a temporary sibling and ``os.replace``."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    os.close(fd)
    try:
        shutil.copy2(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def refuse_overlap(sources: list[Path], output: Path, in_place: bool) -> None:
    """An output equal to or inside a source would overwrite what we are reading."""
    if in_place:
        return
    out = output.resolve()
    for src in sources:
        s = src.resolve()
        if out == s or (s.is_dir() and s in out.parents):
            raise TranslatorError(
                f"output {output} is {'the same as' if out == s else 'inside'} input {src}: "
                "refusing to overwrite sources (pass --in-place to translate in place)"
            )


def refuse_overwrite(pairs: list[tuple[Path, Path | None]], sources: list[Path], in_place: bool) -> None:
    """No planned output may be a source file or lie inside a source folder.

    :func:`refuse_overlap` catches ``-o`` inside SRC; this catches the rest, e.g. a single
    file translated into its own folder (``-o .``) or several sources whose outputs
    ``OUT/<name>`` land on one of them.
    """
    if in_place:
        return
    resolved = [s.resolve() for s in sources]
    for src, dst in pairs:
        if dst is None:
            continue
        d = dst.resolve()
        for original, s in zip(sources, resolved, strict=True):
            if d == s or (s.is_dir() and s in d.parents):
                raise TranslatorError(
                    f"output {dst} (for {src}) would overwrite input {original}: refusing to "
                    "overwrite sources (pass --in-place to translate in place)"
                )
