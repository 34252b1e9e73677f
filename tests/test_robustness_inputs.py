"""Bad and unusual input files: syntax errors, Python 2 leftovers, encodings, BOM/CRLF, files
without torch, empty files and non-Python files.

A bad file is reported as ``path:line:col: message`` and does not stop the others; the run
then exits non-zero. Every byte the translator does not rewrite comes back identical.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests._robustness import run_cli, tree_bytes, write

TORCH_OK = "import torch.nn as nn\n\nlayer = nn.ReLU()\n"


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


@pytest.mark.parametrize(
    ("source", "line", "col", "message"),
    [
        ("import torch\nx = (1,\n", 2, 5, "'(' was never closed"),
        ("import torch\ndef f(:\n    pass\n", 2, 7, "invalid syntax"),
        # Python 2 leftovers
        ("import torch\nprint 'hello'\n", 2, 1, "Missing parentheses in call to 'print'"),
        ("import torch\ntry:\n    pass\nexcept ValueError, e:\n    pass\n", 4, 8,
         "multiple exception types must be parenthesized"),
        ("import torch\nx = 0777\n", 2, 5, "leading zeros in decimal integer literals"),
        ("import torch\nexec 'x = 1'\n", 2, 1, "Missing parentheses in call to 'exec'"),
    ],
    ids=["unclosed", "bad-def", "py2-print", "py2-except", "py2-octal", "py2-exec"],
)
def test_syntax_error_reported_others_translated(tmp_path: Path, source: str, line: int, col: int,
                                                 message: str) -> None:
    src = tmp_path / "src"
    bad = write(src / "bad.py", source)
    write(src / "good.py", TORCH_OK)
    run = run_cli("translate", src, "-o", tmp_path / "out")
    assert run.code != 0
    errors = _error_lines(run.err)
    assert len(errors) == 1, run.err
    assert errors[0].startswith(f"error: {bad}:{line}:{col}: "), errors[0]
    assert message in errors[0]
    # the other file is translated, the bad one arrives untouched (the package stays whole)
    assert "mindspore" in (tmp_path / "out" / "good.py").read_text()
    assert (tmp_path / "out" / "bad.py").read_bytes() == bad.read_bytes()


def test_coding_cookie_latin1_honoured(tmp_path: Path) -> None:
    data = (
        b"# -*- coding: latin-1 -*-\n"
        b"import torch.nn as nn\n"
        b"# caf\xe9 cr\xe8me\n"
        b"s = '\xe9t\xe9'\n"
        b"layer = nn.ReLU()\n"
    )
    src = write(tmp_path / "lat.py", data)
    out = tmp_path / "out.py"
    run = run_cli("translate", src, "-o", out)
    assert run.code == 0, run.err
    result = out.read_bytes()
    assert b"mindspore" in result
    # still latin-1: the non-ASCII lines keep their single bytes
    for line in data.splitlines(keepends=True)[2:4] + [data.splitlines(keepends=True)[0]]:
        assert line in result
    result.decode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        result.decode("utf-8")


@pytest.mark.parametrize(
    ("data", "line", "col", "message"),
    [
        (b"import torch\ns = 'caf\xe9'\n", 2, 9, "not valid utf-8"),
        (b"# coding: utf-8\nimport torch\n\ns = '\xff'\n", 4, 6, "not valid utf-8"),
        (b"# coding: ascii\nimport torch\ns = '\xc3\xa9'\n", 3, 6, "not valid ascii"),
        (b"# coding: no-such-codec\nimport torch\n", 1, 1, "unknown encoding"),
    ],
    ids=["utf8-default", "utf8-cookie", "ascii-cookie", "unknown-codec"],
)
def test_invalid_in_declared_encoding_reported_not_mangled(tmp_path: Path, data: bytes, line: int, col: int,
                                                           message: str) -> None:
    src = tmp_path / "src"
    bad = write(src / "bad.py", data)
    write(src / "good.py", TORCH_OK)
    run = run_cli("translate", src, "-o", tmp_path / "out")
    assert run.code != 0
    errors = _error_lines(run.err)
    assert len(errors) == 1, run.err
    assert errors[0].startswith(f"error: {bad}:{line}:{col}: "), errors[0]
    assert message in errors[0]
    assert (tmp_path / "out" / "bad.py").read_bytes() == data
    assert (tmp_path / "out" / "good.py").read_text() != TORCH_OK


def test_bom_and_crlf_survive_translation(tmp_path: Path) -> None:
    data = (
        "\ufeffimport os\r\n"
        "import torch.nn as nn\r\n"
        "\r\n"
        "# é comment\r\n"
        "layer = nn.Conv2d(3, 8, 3)\r\n"
        "block = nn.Sequential(\r\n"
        "    nn.ReLU(),  # inside\r\n"
        ")\r\n"
        "y = os.sep\r\n"
    ).encode("utf-8")
    src = write(tmp_path / "bom.py", data)
    out = tmp_path / "out.py"
    run = run_cli("translate", src, "-o", out)
    assert run.code == 0, run.err
    result = out.read_bytes()
    assert result != data and b"mindspore" in result
    assert result.startswith(b"\xef\xbb\xbf") and not result.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    # every line, the translated and the inserted ones included, ends in CRLF
    body = result[3:]
    assert body.endswith(b"\r\n")
    assert re.search(rb"(?<!\r)\n", body) is None, body
    assert body.count(b"\r") == body.count(b"\r\n")
    for unchanged in (b"import os\r\n", b"\r\n# \xc3\xa9 comment\r\n", b"y = os.sep\r\n", b"  # inside\r\n"):
        assert unchanged in body


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfx = 1\r\ny = 2\r\n",
        b"x = 1\ry = 2\r",
        b"# -*- coding: latin-1 -*-\ns = '\xe9'\n",
        b"'''no newline at the end'''",
        b"\n\n\n",
        b"x = 'torch'  # mentions torch but does not import it\n",
        b"def torch():\n    return 1\n\ntorch()\n",
    ],
    ids=["bom-crlf", "cr-only", "latin1", "no-eol", "blank-lines", "mentions-torch", "defines-torch"],
)
def test_file_without_torch_copied_byte_identical(tmp_path: Path, data: bytes) -> None:
    src = write(tmp_path / "plain.py", data)
    out = tmp_path / "out.py"
    run = run_cli("translate", src, "-o", out)
    assert run.code == 0, run.err
    assert out.read_bytes() == data


def test_empty_file_stays_empty(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src / "__init__.py", b"")
    write(src / "model.py", TORCH_OK)
    run = run_cli("translate", src, "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (tmp_path / "out" / "__init__.py").read_bytes() == b""


def test_non_python_files_copied_unchanged(tmp_path: Path) -> None:
    src = tmp_path / "pkg"
    files = {
        "__init__.py": b"",
        "model.py": TORCH_OK.encode(),
        "README.md": b"# uses torch.nn.Conv2d\n",
        "config.yaml": b"layers: [nn.Conv2d]\r\n",
        "data/weights.bin": bytes(range(256)) * 4,
        "data/script.pyx": b"import torch\n",
        "sub/notes.txt": "caf\xe9".encode("latin-1"),
    }
    for name, data in files.items():
        write(src / name, data)
    out = tmp_path / "out"
    run = run_cli("translate", src, "-o", out)
    assert run.code == 0, run.err
    got = tree_bytes(out)
    assert set(got) == set(files)
    for name, data in files.items():
        if name != "model.py":
            assert got[name] == data, name
    assert got["model.py"] != files["model.py"]
    assert "5 other files copied" in run.err
