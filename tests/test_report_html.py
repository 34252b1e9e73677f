"""The HTML report in a real browser: headless Chromium loads the page (no network needed), runs its
script, and every number on it equals the JSON report's."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from translator.cli import main

# starts headless Chromium: a sweep-sized test, not a quick text one
pytestmark = pytest.mark.slow

SOURCE = ("import torch\nimport torch.nn as nn\n\nflat = nn.Flatten()\nact = nn.ReLU(inplace=True)\n"
          "y = torch.some_api_nobody_has(3)\nz = torch.other_api(1)  # torch2ms: ignore\n")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def _dump_dom(page: Path, profile: Path, view: str = "") -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Debian's chromium package is required (.ci/run installs it)"
    run = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + view],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_html_page_numbers_equal_the_json_report(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "m.py").write_text(SOURCE)
    (src / "plain.py").write_text("x = 1\n")
    (src / "broken.py").write_text("import torch\ndef f(:\n")
    page = tmp_path / "report.html"
    assert main(["scan", str(src), "--format", "html", "-o", str(page)]) == 3
    assert main(["scan", str(src), "--format", "json", "-o", str(tmp_path / "report.json")]) == 3
    doc = json.loads((tmp_path / "report.json").read_text())
    html = page.read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # self-contained: nothing fetched

    dom = _dump_dom(page, tmp_path / "profile")
    stats = dict(re.findall(r'data-stat="([a-z_]+)">([^<]*)<', dom))
    s = doc["summary"]
    for key in ("uses", "direct", "noted", "todo", "files", "files_failed", "lines"):
        assert int(stats[key]) == s[key], key
    for key in ("direct_percent", "noted_percent", "todo_percent", "automatic_percent"):
        assert stats[key] == f"{s[key]:.1f}%", key
    assert float(stats["hours"]) == doc["effort"]["hours"]
    chart = dict(re.findall(r'data-chart="([a-z]+)">(\d+)<', dom))
    assert {k: int(v) for k, v in chart.items()} == {"direct": s["direct"], "noted": s["noted"], "todo": s["todo"]}
    rows = re.findall(r"<tr data-category=\"([a-z]+)\"", dom)
    assert len(rows) == len(doc["findings"])
    assert sorted(rows) == sorted(f["category"] for f in doc["findings"])

    # the page's script filters and sorts in the browser (here driven by the view in the link)
    dom = _dump_dom(page, tmp_path / "profile2", "#category=todo&sort=1")
    shown = re.findall(r'<tr data-category="([a-z]+)">', dom)  # hidden rows carry hidden=""
    assert shown == ["todo"] * sum(1 for f in doc["findings"] if f["category"] == "todo") and shown
    lines = [int(x) for x in re.findall(r'<tr data-category="[a-z]+"(?: hidden="")?><td>[^<]*</td><td class="n">(\d+)<',
                                       dom)]
    assert lines == sorted(lines) and len(lines) == len(doc["findings"])
