"""``torch2ms scan``: a report that writes nothing, with exit codes pre-commit understands."""

from __future__ import annotations

import yaml

from translator.cli import main

TRANSLATABLE = "import torch.nn as nn\n\nlayer = nn.ReLU(inplace=True)\n"
UNKNOWN_API = "import torch\n\ny = torch.some_api_nobody_has(3)\n"


def test_scan_reports_todos_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "a.py").write_text(TRANSLATABLE)
    (tmp_path / "b.py").write_text(UNKNOWN_API)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["scan", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 'b.py'}:3: TODO torch.some_api_nobody_has" in out
    assert "50.0% of torch API uses translate automatically" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "b.py").read_text() == UNKNOWN_API


def test_fail_on_todo_is_a_precommit_gate(tmp_path, capsys):
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text(TRANSLATABLE)
    bad.write_text(UNKNOWN_API)
    assert main(["scan", "--fail-on-todo", str(good)]) == 0
    assert main(["scan", "--fail-on-todo", str(bad)]) == 1


def test_scan_yaml_and_syntax_errors(tmp_path, capsys):
    (tmp_path / "ok.py").write_text(TRANSLATABLE)
    (tmp_path / "broken.py").write_text("import torch\ndef f(:\n")
    assert main(["scan", "--format", "yaml", str(tmp_path)]) == 1
    doc = yaml.safe_load(capsys.readouterr().out)
    assert doc["files"] == 2 and doc["translated_uses"] == 1 and doc["todo_uses"] == 0
    assert doc["errors"] and doc["errors"][0].startswith(f"{tmp_path / 'broken.py'}:2:")
