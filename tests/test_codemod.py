"""torch2ms as a libcst codemod: libcst's own tool runs TranslateCommand and writes the same text
as ``torch2ms translate``; libcst stays out of translate's and scan's imports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _sources() -> list[Path]:
    return sorted(FIXTURES.glob("*.py"))[:4]


def _translate(src: Path, out: Path, target: str) -> bytes:
    subprocess.run([sys.executable, "-m", "translator", "translate", str(src), "-o", str(out), "--to", target,
                    "-q"], check=True, env=_env(), capture_output=True)
    return out.read_bytes()


def test_libcst_tool_with_translate_command_equals_torch2ms_translate(tmp_path):
    sources = _sources()
    assert sources
    work = tmp_path / "work"
    work.mkdir()
    for src in sources:
        shutil.copy2(src, work / src.name)
    # the command README documents (--no-format: libcst's default formatter, black, would restyle)
    run = subprocess.run([sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "--hide-progress",
                          "-x", "translator.codemod.TranslateCommand", "--to", "paddle", str(work)],
                         cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    for src in sources:
        expected = _translate(src, tmp_path / f"expected_{src.name}", "paddle")
        assert (work / src.name).read_bytes() == expected, src.name
    # every TODO written is also reported as a codemod warning
    has_todo = any(b"TODO(torch2ms)" in (work / s.name).read_bytes() for s in sources)
    assert ("TODO(torch2ms)" in run.stderr) == has_todo


def test_codemod_found_through_libcst_config_modules(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("import torch\nimport torch.nn as nn\n\nlayer = nn.ReLU(inplace=True)\n"
                   "y = torch.some_api_nobody_has(3)\n")
    expected = _translate(src, tmp_path / "expected.py", "mindspore")
    (tmp_path / ".libcst.codemod.yaml").write_text("modules: [translator]\n")
    run = subprocess.run([sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "--hide-progress",
                          "codemod.TranslateCommand", "m.py"], cwd=tmp_path, env=_env(),
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert src.read_bytes() == expected
    assert "TODO(torch2ms): torch.some_api_nobody_has" in run.stderr  # TODOs are codemod warnings


def test_translate_and_scan_do_not_import_libcst(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("import torch.nn as nn\nlayer = nn.ReLU()\n")
    code = (
        "import sys\n"
        "from translator.cli import main\n"
        f"main(['translate', {str(src)!r}, '-o', {str(tmp_path / 'out.py')!r}, '-q'])\n"
        f"main(['scan', {str(src)!r}, '--jobs', '1'])\n"
        "for fmt in ('json', 'html', 'sarif', 'markdown', 'lines'):\n"
        f"    main(['scan', {str(src)!r}, '--jobs', '1', '--format', fmt])\n"
        "assert 'libcst' not in sys.modules, 'libcst imported'\n"
        "assert not {'torch', 'mindspore', 'paddle'} & set(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_env(), capture_output=True)
