"""The translator reads code; it never imports or runs it, nor needs any framework to do so."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests._robustness import FIXTURES, REPO, run_cli, write


def test_side_effects_of_source_never_happen(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    src = tmp_path / "src"
    write(src / "__init__.py", f"open({str(marker)!r}, 'w').write('package imported')\n")
    write(src / "effects.py", textwrap.dedent(f"""\
        import os
        import torch.nn as nn
        open({str(marker)!r}, "w").write("module imported")
        os.system("touch {marker}")
        layer = nn.ReLU()
        if __name__ == "__main__":
            open({str(marker)!r}, "w").write("module run")
        """))
    write(src / "raises.py", "import torch.nn as nn\nraise SystemExit('imported!')\nlayer = nn.ReLU()\n")
    write(src / "exits.py", "import os\nos._exit(3)\n")
    write(src / "loops.py", "import torch\nwhile True:\n    pass\n")
    write(src / "conftest.py", f"open({str(marker)!r}, 'w').write('conftest')\n")
    run = run_cli("translate", src, "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert not marker.exists()
    assert "nn.ReLU()" in (tmp_path / "out" / "effects.py").read_text()
    assert "raise SystemExit('imported!')" in (tmp_path / "out" / "raises.py").read_text()


BLOCKER = textwrap.dedent("""\
    import importlib.abc
    import sys

    BLOCKED = ("torch", "mindspore", "paddle")


    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path=None, target=None):
            if fullname.split(".", 1)[0] in BLOCKED:
                raise ImportError(f"import of {fullname!r} blocked")


    sys.meta_path.insert(0, Blocker())
    for name in BLOCKED:
        try:
            __import__(name)
        except ImportError:
            pass
        else:
            raise SystemExit(f"blocker failed: {name} imported")

    from translator.cli import main

    code = main(sys.argv[1:])
    leaked = sorted(m for m in sys.modules if m.split(".", 1)[0] in BLOCKED)
    if leaked:
        raise SystemExit(f"frameworks imported: {leaked}")
    print("no framework imported")
    raise SystemExit(code)
    """)


def _blocked(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BLOCKER, *map(str, argv)], cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=False)


def test_translate_works_with_frameworks_blocked(tmp_path: Path) -> None:
    for target in ("mindspore", "paddle"):
        out = tmp_path / target
        proc = _blocked("translate", *FIXTURES, "-o", out, "--to", target, "-q")
        assert proc.returncode == 0, proc.stderr
        assert "no framework imported" in proc.stdout
        assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in FIXTURES)


def test_scan_works_with_frameworks_blocked() -> None:
    proc = _blocked("scan", *FIXTURES)
    assert proc.returncode == 0, proc.stderr
    assert "no framework imported" in proc.stdout
