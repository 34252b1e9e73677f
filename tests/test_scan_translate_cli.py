"""``translate`` options and defects that came with the scan work: --check, --diff, notebooks,
outputs named like files, failed single files, unwritable outputs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from translator.cli import main

TRANSLATABLE = "import torch.nn as nn\n\nlayer = nn.ReLU()\n"


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_folder_or_several_sources_into_a_file_name_is_refused(tmp_path, capsys):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "m.py").write_text(TRANSLATABLE)
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text(TRANSLATABLE)
    b.write_text(TRANSLATABLE)
    assert main(["translate", str(pkg), "-o", str(tmp_path / "out.py")]) == 2
    assert main(["translate", str(a), str(b), "-o", str(tmp_path / "two.py")]) == 2
    err = capsys.readouterr().err
    assert "need an output folder" in err and "is named like a file" in err
    assert not (tmp_path / "out.py").exists() and not (tmp_path / "two.py").exists()
    (tmp_path / "existing").write_text("a file\n")
    assert main(["translate", str(pkg), "-o", str(tmp_path / "existing")]) == 2
    assert (tmp_path / "existing").read_text() == "a file\n"


def test_a_single_file_that_fails_to_parse_is_not_written(tmp_path, capsys):
    src = tmp_path / "broken.py"
    src.write_text("import torch\ndef f(:\n")
    out = tmp_path / "out.py"
    assert main(["translate", str(src), "-o", str(out)]) == 1
    assert not out.exists()
    assert f"{src}:2:" in capsys.readouterr().err


def test_unwritable_output_is_one_clear_error(tmp_path, capsys):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for i in range(3):
        (pkg / f"m{i}.py").write_text(TRANSLATABLE)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder would have to be\n")
    assert main(["translate", str(pkg), "-o", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert f"cannot create {blocker / 'out'}" in err
    assert "translated" not in err and ":1:1:" not in err  # no per-file noise, no invented place


def test_check_reports_a_stale_mirror_and_writes_nothing(tmp_path, capsys):
    pkg, mirror = tmp_path / "pkg", tmp_path / "mirror"
    pkg.mkdir()
    (pkg / "m.py").write_text(TRANSLATABLE)
    assert main(["translate", str(pkg), "-o", str(mirror), "--check"]) == 1  # missing mirror
    assert not mirror.exists()
    assert main(["translate", str(pkg), "-o", str(mirror)]) == 0
    assert main(["translate", str(pkg), "-o", str(mirror), "--check"]) == 0
    (pkg / "m.py").write_text(TRANSLATABLE + "other = nn.Flatten()\n")
    before = (mirror / "m.py").read_bytes()
    assert main(["translate", str(pkg), "-o", str(mirror), "--check"]) == 1
    assert f"would update {mirror / 'm.py'}" in capsys.readouterr().err
    assert (mirror / "m.py").read_bytes() == before


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path, capsys):
    src = tmp_path / "m.py"
    src.write_text(TRANSLATABLE)
    before = _tree(tmp_path)
    assert main(["translate", str(src), "--diff"]) == 0
    out = capsys.readouterr().out
    assert f"--- a/{src}" in out and "-import torch.nn as nn" in out and "+from mindspore import nn" in out
    assert _tree(tmp_path) == before
    mirror = tmp_path / "ms.py"
    assert main(["translate", str(src), "-o", str(mirror)]) == 0
    capsys.readouterr()
    assert main(["translate", str(src), "-o", str(mirror), "--diff"]) == 0
    assert capsys.readouterr().out == ""  # the mirror is up to date: nothing to show
    assert main(["translate", str(src)]) == 2  # neither -o nor --diff


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A model — with ünïcode"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport torch\nimport torch.nn as nn"),
        nbformat.v4.new_code_cell("layer = nn.ReLU(inplace=True)\n!nvidia-smi\ny = torch.some_api_nobody_has(3)",
                                  outputs=[nbformat.v4.new_output("stream", name="stdout", text="hi\n")],
                                  execution_count=2),
        nbformat.v4.new_code_cell("print('no torch here')"),
    ]
    return nb


def test_notebooks_are_translated_cell_by_cell(tmp_path, capsys):
    src = tmp_path / "model.ipynb"
    nb = _notebook()
    nbformat.write(nb, str(src))
    original = src.read_bytes()
    out = tmp_path / "model_ms.ipynb"
    assert main(["translate", str(src), "-o", str(out)]) == 0
    assert f"{src}:cell 3:3: TODO torch.some_api_nobody_has" in capsys.readouterr().err
    translated = nbformat.read(str(out), as_version=4)
    nbformat.validate(translated)
    cells = translated.cells
    # torch, still used by the TODO line of the next cell, is bound to the untranslated stand-in
    assert cells[1].source.startswith("%matplotlib inline\nclass _Torch2msUntranslated:")
    assert "\ntorch = _Torch2msUntranslated(" in cells[1].source and "import torch" not in cells[1].source
    assert cells[1].source.endswith("\nfrom mindspore import nn")
    assert cells[2].source == ("layer = nn.ReLU()\n!nvidia-smi\n"
                               "# TODO(torch2ms): torch.some_api_nobody_has: not in the mindspore tables\n"
                               "y = torch.some_api_nobody_has(3)")
    assert cells[2].outputs == nb.cells[2].outputs and cells[2].execution_count == 2
    assert cells[0] == nb.cells[0] and cells[3] == nb.cells[3]
    assert translated.metadata == nb.metadata
    # the JSON layout is the file's own: nbformat's, so re-writing the result with nbformat changes nothing
    nbformat.write(translated, str(tmp_path / "again.ipynb"))
    assert (tmp_path / "again.ipynb").read_bytes() == out.read_bytes()
    assert src.read_bytes() == original


def test_notebook_layout_kept_and_unchanged_notebook_identical(tmp_path, capsys):
    doc = json.loads(nbformat.writes(_notebook()))
    src = tmp_path / "two_space.ipynb"
    src.write_text(json.dumps(doc, indent=2, ensure_ascii=True))  # another tool's layout, no final newline
    out = tmp_path / "out.ipynb"
    assert main(["translate", str(src), "-o", str(out)]) == 0
    text = out.read_text()
    assert text.startswith('{\n  "cells"') and not text.endswith("\n") and "\\u00fc" in text
    plain = tmp_path / "plain.ipynb"
    nb = _notebook()
    nb.cells = [nb.cells[0], nb.cells[3]]
    nbformat.write(nb, str(plain))
    assert main(["translate", str(plain), "-o", str(tmp_path / "plain_out.ipynb")]) == 0
    assert (tmp_path / "plain_out.ipynb").read_bytes() == plain.read_bytes()


def test_notebooks_are_scanned_with_cell_positions(tmp_path, capsys):
    src = tmp_path / "model.ipynb"
    nbformat.write(_notebook(), str(src))
    capsys.readouterr()
    assert main(["scan", "--format", "json", str(tmp_path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["files"][0]["kind"] == "notebook"
    todo = next(f for f in doc["findings"] if f["category"] == "todo")
    assert (todo["cell"], todo["line"]) == (3, 3)
    assert doc["summary"]["lines"] == 7  # the user's code lines, without torch2ms's cell markers
