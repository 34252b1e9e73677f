"""Which files a directory holds for translation: Python sources, shebang scripts, notebooks.

Directories are walked with the folders nobody wants translated left out (VCS data, virtual
environments, build output, caches), plus ``--exclude`` globs and, inside a git work tree, what
``.gitignore`` ignores (asked of git itself, so every rule form is honoured).
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from pathlib import Path

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", ".env", "env", ".tox", ".nox", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist", "site-packages", ".eggs",
    "*.egg-info", "node_modules", ".ipynb_checkpoints",
)


def kind_of(path: Path) -> str | None:
    """"python", "notebook", or None for a file that is neither."""
    if path.suffix in (".py", ".pyi", ".pyw"):
        return "python"
    if path.suffix == ".ipynb":
        return "notebook"
    if path.suffix:
        return None
    try:
        with path.open("rb") as handle:
            first = handle.readline(200)
    except OSError:
        return None
    # what pre-commit's identify tags as python: #!/usr/bin/env python3, #!/usr/bin/python, ...
    return "python" if first.startswith(b"#!") and b"python" in first else None


def is_excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    """``rel`` (a posix path relative to the scanned folder) or one of its folders matches."""
    parts = rel.split("/")
    return any(fnmatch.fnmatch(rel, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts)
               for pattern in patterns)


def _git_listed(root: Path) -> set[str] | None:
    """Files git does not ignore under ``root`` (relative posix paths), or None outside git."""
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard", "."], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return {p for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


def _ignore_patterns(root: Path) -> tuple[str, ...]:
    """A plain reading of ``root/.gitignore`` when git cannot be asked (no negations)."""
    try:
        lines = (root / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ()
    return tuple(line.strip().strip("/") for line in lines
                 if line.strip() and not line.startswith(("#", "!")))


def walk(root: Path, excludes: tuple[str, ...] = (), include_all: bool = False) -> list[Path]:
    """Files under ``root`` in sorted order: only translatable ones unless ``include_all``."""
    patterns = DEFAULT_EXCLUDES + tuple(excludes)
    listed = _git_listed(root)
    if listed is None:
        patterns += _ignore_patterns(root)
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel_folder = here.relative_to(root).as_posix()
        dirs[:] = sorted(d for d in dirs if not is_excluded(_join(rel_folder, d), patterns))
        for name in sorted(files):
            rel = _join(rel_folder, name)
            if is_excluded(rel, patterns) or (listed is not None and rel not in listed):
                continue
            path = here / name
            if path.is_file() and (include_all or kind_of(path)):
                found.append(path)
    return sorted(found)


def _join(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"
