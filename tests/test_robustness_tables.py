"""A malformed ``--table`` is reported with its file, line and entry; YAML is loaded safely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import translator.tables.loader as loader
from tests._robustness import run_cli, write
from translator.tables import TableError, load_tables

GOOD_ENTRY = """\
entries:
  torch.nn.Foo:
    kind: layer
    signature: (a, b=1)
    target: mindspore.nn.Foo
    args: {a: a, b: b}
"""

CASES = {
    # name: (table text, expected line, expected entry or None, message part)
    "bad-yaml": ("entries:\n  torch.nn.Foo:\n    kind: layer\n    target: [unclosed\n", None, None, "malformed YAML"),
    "bad-indent": ("entries:\n  torch.nn.Foo:\n    kind: layer\n   target: x\n", 4, None, "malformed YAML"),
    "unknown-field": (GOOD_ENTRY + "    colour: red\n", 2, "torch.nn.Foo", "unknown field(s) ['colour']"),
    "unknown-top-level": ("entires:\n  torch.nn.Foo: {}\n", 1, None, "unknown top-level field 'entires'"),
    "no-signature": ("entries:\n  torch.nn.Foo:\n    kind: layer\n    target: mindspore.nn.Foo\n", 2,
                     "torch.nn.Foo", "needs the torch 'signature'"),
    "arg-undecided": (GOOD_ENTRY.replace("{a: a, b: b}", "{a: a}"), 2, "torch.nn.Foo",
                      "args must decide every torch parameter; missing ['b']"),
    "arg-not-in-signature": (GOOD_ENTRY.replace("{a: a, b: b}", "{a: a, b: b, c: c}"), 2, "torch.nn.Foo",
                             "not in the torch signature"),
    "bad-signature": (GOOD_ENTRY.replace("(a, b=1)", "(a, b=)"), 2, "torch.nn.Foo", "not a Python parameter list"),
    "bad-kind": (GOOD_ENTRY.replace("kind: layer", "kind: layr"), 2, "torch.nn.Foo", "kind must be one of"),
    "second-entry": (GOOD_ENTRY + "  torch.nn.Bar:\n    kind: layer\n    target: mindspore.nn.Bar\n", 7,
                     "torch.nn.Bar", "needs the torch 'signature'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_table_reported_with_place(tmp_path: Path, case: str) -> None:
    text, line, entry, message = CASES[case]
    table = write(tmp_path / "extra.yaml", text)
    src = write(tmp_path / "m.py", "import torch.nn as nn\nx = nn.ReLU()\n")
    run = run_cli("translate", src, "-o", tmp_path / "out.py", "--table", table)
    assert run.code == 2, run.err
    assert "Traceback" not in run.err
    first = run.err.strip().splitlines()[0]
    m = re.match(rf"error: {re.escape(str(table))}:(\d+): (.*)", first)
    assert m, first
    if line is not None:
        assert int(m.group(1)) == line, first
    if entry is not None:
        assert f"entry {entry}:" in m.group(2), first
    assert message in m.group(2), first
    assert not (tmp_path / "out.py").exists()


def test_missing_table_file_reported(tmp_path: Path) -> None:
    src = write(tmp_path / "m.py", "import torch\n")
    run = run_cli("translate", src, "-o", tmp_path / "out.py", "--table", tmp_path / "nope.yaml")
    assert run.code == 2 and "nope.yaml: table file not found" in run.err


def test_python_tags_never_constructed(tmp_path: Path) -> None:
    """Safe loading: a ``!!python/...`` tag is an error, and what it names never runs."""
    marker = tmp_path / "PWNED"
    texts = [
        f'!!python/object/apply:os.system ["touch {marker}"]\n',
        f'entries:\n  torch.nn.Foo: !!python/object/apply:os.system ["touch {marker}"]\n',
        f'entries: !!python/object/apply:os.system ["touch {marker}"]\n',
        GOOD_ENTRY.replace("target: mindspore.nn.Foo", f'target: !!python/object/apply:os.system ["touch {marker}"]'),
        GOOD_ENTRY.replace("{a: a, b: b}", f'{{a: !!python/object/apply:os.system ["touch {marker}"], b: b}}'),
        GOOD_ENTRY.replace("target: mindspore.nn.Foo", "target: !!python/object:collections.OrderedDict {}"),
        GOOD_ENTRY + '    examples:\n      - !!python/object/apply:os.system ["touch ' + str(marker) + '"]\n',
    ]
    for i, text in enumerate(texts):
        table = write(tmp_path / f"t{i}.yaml", text)
        with pytest.raises(Exception):  # noqa: B017 - any error will do here; see the next test for its text
            load_tables("mindspore", [table])
        assert not marker.exists(), text


def test_python_tag_in_field_reported_with_place(tmp_path: Path) -> None:
    table = write(tmp_path / "t.yaml", GOOD_ENTRY.replace(
        "target: mindspore.nn.Foo", 'target: !!python/object/apply:os.system ["true"]'))
    with pytest.raises(TableError, match=rf"{re.escape(str(table))}:2: entry torch.nn.Foo: .*python/object"):
        load_tables("mindspore", [table])


def test_loader_uses_safe_loader_only() -> None:
    source = Path(loader.__file__).read_text()
    assert "SafeLoader" in source
    assert not re.search(r"yaml\.(load|load_all|unsafe_load|full_load)\(", source)
    assert not re.search(r"\b(UnsafeLoader|FullLoader)\b|yaml\.Loader\b", source)
