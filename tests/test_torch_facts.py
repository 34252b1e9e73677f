"""Torch facts in api_tables/torch/, joined with each target's mapping; the split_facts migration.

Each test builds a small tables folder (the real _target.yaml files, a few entries) and loads it,
or runs the migration on it.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from translator.tables import TableError, load_tables
from translator.tables.loader import TABLES_DIR
from translator.tables.split_facts import SplitError, main, split

FACTS = """\
entries:
  torch.abs:
    kind: call
    signature: "(input, *, out=None)"
    examples:
      - {call: "torch.abs(x)", inputs: {x: "randn(2, 3)"}}
      - {call: "torch.abs(x * 2)", inputs: {x: "randn(2)"}}
"""
MAPPING = """\
entries:
  torch.abs:
    target: mindspore.ops.abs
    args: {input: input, out: {only: ["None"], reason: "no out= in MindSpore"}}
    expect:
      "torch.abs(x)": "ops.abs(x)"
"""


def _tables(tmp: Path, facts: str = FACTS, mapping: str = MAPPING) -> Path:
    for target in ("mindspore", "paddle"):
        (tmp / target).mkdir(parents=True)
        shutil.copy(TABLES_DIR / target / "_target.yaml", tmp / target / "_target.yaml")
    (tmp / "torch").mkdir()
    (tmp / "torch" / "math.yaml").write_text(facts)
    (tmp / "mindspore" / "math.yaml").write_text(mapping)
    return tmp


def test_entry_joins_torch_facts_and_mapping(tmp_path):
    entry = load_tables("mindspore", tables_dir=_tables(tmp_path)).entries["torch.abs"]
    assert entry.kind == "call" and [p.name for p in entry.params] == ["input", "out"]
    assert [(e.call, e.expect) for e in entry.examples] == [("torch.abs(x)", "ops.abs(x)"),
                                                            ("torch.abs(x * 2)", None)]
    assert entry.examples[0].file.endswith("torch/math.yaml") and entry.file.endswith("mindspore/math.yaml")
    # paddle has no entry: the facts are simply not decided there
    assert "torch.abs" not in load_tables("paddle", tables_dir=tmp_path).entries


@pytest.mark.parametrize(("mapping", "line", "message"), [
    (MAPPING.replace("torch.abs:", "torch.absolute:"), 2, "entry torch.absolute: no torch facts for torch.absolute"),
    (MAPPING.replace("    target:", "    kind: call\n    target:"), 2, "['kind'] are torch facts"),
    (MAPPING + '      "torch.abs(y)": "ops.abs(y)"\n', 7, "expect for 'torch.abs(y)', which is not an example"),
    (MAPPING + '    known_failures:\n      "torch.abs(z)": "why"\n', 8, "known_failures for 'torch.abs(z)'"),
    (MAPPING.replace("args: {input: input, ", "args: {"), 2, "args must decide every torch parameter"),
])
def test_mapping_errors_name_file_and_line(tmp_path, mapping, line, message):
    tables = _tables(tmp_path, mapping=mapping)
    with pytest.raises(TableError) as err:
        load_tables("mindspore", tables_dir=tables)
    assert re.match(rf"{re.escape(str(tables / 'mindspore' / 'math.yaml'))}:{line}: .*{re.escape(message)}",
                    str(err.value)), str(err.value)


@pytest.mark.parametrize(("facts", "message"), [
    (FACTS + "  torch.sign:\n    kind: call\n    signature: \"(input)\"\n    target: mindspore.ops.sign\n",
     "math.yaml:8: entry torch.sign: unknown field(s) ['target']"),
    (FACTS.replace("kind: call", "kind: function"), "math.yaml:2: entry torch.abs: kind must be one of"),
    (FACTS.replace('    signature: "(input, *, out=None)"\n', ""), "needs the torch 'signature'"),
])
def test_torch_facts_errors_name_file_and_line(tmp_path, facts, message):
    with pytest.raises(TableError, match=re.escape(message)):
        load_tables("mindspore", tables_dir=_tables(tmp_path, facts=facts))


def test_torch_facts_key_given_twice(tmp_path):
    tables = _tables(tmp_path)
    (tables / "torch" / "more.yaml").write_text(FACTS)
    with pytest.raises(TableError, match=r"more.yaml:2: entry torch.abs: torch facts already given at .*math.yaml:2"):
        load_tables("mindspore", tables_dir=tables)


# an entry in the inline format (torch facts and MindSpore mapping in one): a --table entry, or a
# file a helper wrote before the split
SIGN_INLINE = """\
  torch.sign:
    kind: call
    signature: "(input, *, out=None)"
    target: mindspore.ops.sign
    args: {input: input, out: {only: ["None"], reason: "no out="}}
    examples:
      - {call: "torch.sign(x)", expect: "ops.sign(x)", inputs: {x: "randn(3)"}}
"""


def test_user_table_may_carry_torch_facts(tmp_path):
    """--table: a new API's facts and mapping in one entry, expects inside its examples."""
    extra = tmp_path / "extra.yaml"
    extra.write_text("entries:\n" + SIGN_INLINE + textwrap.indent(textwrap.dedent("""\
        torch.abs:
          target: mindspore.ops.absolute
          args: {input: input, out: drop}
    """), "  "))
    entries = load_tables("mindspore", [extra], tables_dir=_tables(tmp_path / "t")).entries
    assert [(e.call, e.expect) for e in entries["torch.sign"].examples] == [("torch.sign(x)", "ops.sign(x)")]
    # an entry without kind/signature uses the shared torch facts of its key
    assert entries["torch.abs"].target == "mindspore.ops.absolute"
    assert [e.call for e in entries["torch.abs"].examples] == ["torch.abs(x)", "torch.abs(x * 2)"]


def test_the_installed_tables_hold_no_inline_torch_facts():
    for target in ("mindspore", "paddle"):
        for path in (TABLES_DIR / target).glob("*.yaml"):
            assert not re.search(r"^    (kind|signature|examples):", path.read_text(), re.M), path


# ---------------------------------------------------------------------------------- migration

OLD_MS = """\
# math for MindSpore: this comment stays
entries:
  torch.abs:
    kind: call
    signature: "(input, *, out=None)"
    target: mindspore.ops.abs
    args: {input: input, out: {only: ["None"], reason: "no out= in MindSpore"}}
    examples:
      - {call: "torch.abs(x)", expect: "ops.abs(x)", inputs: {x: "randn(2, 3)"}}
      - call: |
          y = x * 2
          _result = torch.abs(y)
        expect: |
          y = x * 2
          _result = ops.abs(y)
        inputs: {x: "randn(2)"}
    note: "kept"
"""
OLD_PD = """\
entries:
  torch.abs:
    kind: call
    signature: "(input, *, out = None)"
    target: paddle.abs
    args: {input: x, out: drop}
    examples:
      - {call: "torch.abs(x)", expect: "paddle.abs(x)", inputs: {x: "randn(2, 3)"}}
      - {call: "torch.abs(x, out=None)", expect: "paddle.abs(x)", inputs: {x: "randn(4)"}}
      - {call: "torch.abs(x, out=x)", expect: "paddle.abs(x)", inputs: {x: "randn(4)"}}
  torch.sign: {kind: call, signature: "(input, *, out=None)", target: paddle.sign, args: {input: x, out: drop},
               examples: [{call: "torch.sign(x)", expect: "paddle.sign(x)", inputs: {x: "randn(3)"}}]}
  # a one-line entry is written again in block style; this comment stays
"""


def _old_tables(tmp: Path) -> Path:
    for target, text in (("mindspore", OLD_MS), ("paddle", OLD_PD)):
        (tmp / target).mkdir(parents=True)
        shutil.copy(TABLES_DIR / target / "_target.yaml", tmp / target / "_target.yaml")
        (tmp / target / "math.yaml").write_text(text)
    (tmp / "torch").mkdir()
    return tmp


def _snapshot(tables: Path) -> dict[str, str]:
    return {str(p.relative_to(tables)): p.read_text() for p in sorted(tables.rglob("*.yaml"))}


def test_split_moves_facts_merges_examples_and_keeps_expects(tmp_path, capsys):
    tables = _old_tables(tmp_path)
    assert main([str(tables)]) == 0
    out = capsys.readouterr().out
    ms = load_tables("mindspore", tables_dir=tables).entries["torch.abs"]
    pd = load_tables("paddle", tables_dir=tables).entries
    # union of both targets' examples, deduplicated by call and inputs, order kept
    assert [e.call.strip() for e in ms.examples] == [
        "torch.abs(x)", "y = x * 2\n_result = torch.abs(y)", "torch.abs(x, out=None)", "torch.abs(x, out=x)"]
    assert [e.expect for e in ms.examples][:2] == ["ops.abs(x)", "y = x * 2\n_result = ops.abs(y)\n"]
    assert ms.examples[2].expect is None  # translates fully in MindSpore: no expect needed
    # the paddle example MindSpore leaves as TODO got its text recorded, and was reported
    assert ms.examples[3].expect == "torch.abs(x, out=x)"
    assert "'torch.abs(x, out=x)' stays" in out
    assert [e.expect for e in pd["torch.abs"].examples] == ["paddle.abs(x)", None, "paddle.abs(x)", "paddle.abs(x)"]
    # an entry of one target only is moved all the same
    assert "torch.sign" in pd and "torch.sign" not in load_tables("mindspore", tables_dir=tables).entries
    text = (tables / "mindspore" / "math.yaml").read_text()
    assert text.startswith("# math for MindSpore: this comment stays\n") and 'note: "kept"' in text
    assert "kind:" not in text and "signature:" not in text
    text = (tables / "paddle" / "math.yaml").read_text()
    assert text.endswith('  torch.sign:\n    target: "paddle.sign"\n    args: {input: "x", out: "drop"}\n'
                         '    expect:\n      "torch.sign(x)": "paddle.sign(x)"\n'
                         '  # a one-line entry is written again in block style; this comment stays\n'), text


def test_split_runs_again_without_change_and_takes_new_files(tmp_path):
    tables = _old_tables(tmp_path)
    assert main([str(tables)]) == 0
    before = _snapshot(tables)
    assert main([str(tables)]) == 0
    assert _snapshot(tables) == before
    # a helper's new file in the inline format: a key already split and a new one
    more = textwrap.indent(textwrap.dedent("""\
            - {call: "torch.sign(x - 1)", expect: "ops.sign(x - 1)", inputs: {x: "randn(3)"}}
        torch.neg:
          kind: call
          signature: "(input, *, out=None)"
          target: mindspore.ops.neg
          args: {input: input, out: {only: ["None"], reason: "no out="}}
          examples:
            - {call: "torch.neg(x)", expect: "ops.neg(x)", inputs: {x: "randn(3)"}}
    """), "  ")
    (tables / "mindspore" / "breadth_x.yaml").write_text("entries:\n" + SIGN_INLINE + more)
    assert main([str(tables)]) == 0
    facts = (tables / "torch" / "math.yaml").read_text()
    assert facts.count("torch.sign(x)") == 1 and "torch.sign(x - 1)" in facts  # merged where the key lives
    assert "torch.neg:" in (tables / "torch" / "breadth_x.yaml").read_text()
    assert [e.call for e in load_tables("paddle", tables_dir=tables).entries["torch.sign"].examples] == [
        "torch.sign(x)", "torch.sign(x - 1)"]
    assert set(load_tables("mindspore", tables_dir=tables).entries) == {"torch.abs", "torch.sign", "torch.neg"}


def test_split_refuses_disagreeing_signatures_and_writes_nothing(tmp_path):
    tables = _old_tables(tmp_path)
    path = tables / "paddle" / "math.yaml"
    path.write_text(OLD_PD.replace('"(input, *, out = None)"', '"(input, out=None)"'))
    before = _snapshot(tables)
    with pytest.raises(SplitError, match=r"paddle/math.yaml:2: entry torch.abs: signature .* disagrees with "
                                         r".*mindspore/math.yaml:3: entry torch.abs"):
        split(tables)
    assert _snapshot(tables) == before
    assert main([str(tables)]) == 1


def test_split_may_keep_facts_already_split(tmp_path, capsys):
    """A helper's inline entry copied an old signature: --keep-split-facts keeps the split one."""
    tables = _old_tables(tmp_path)
    assert main([str(tables)]) == 0
    copied = SIGN_INLINE.replace('"(input, *, out=None)"', '"(input, out=None)"')
    (tables / "mindspore" / "breadth_x.yaml").write_text("entries:\n" + copied)
    with pytest.raises(SplitError, match="signature '\\(input, out=None\\)' disagrees"):
        split(tables)
    capsys.readouterr()
    assert main([str(tables), "--keep-split-facts"]) == 0
    assert "kept the split torch facts: " in capsys.readouterr().out
    entry = load_tables("mindspore", tables_dir=tables).entries["torch.sign"]
    assert entry.signature_text == "(input, *, out=None)" and entry.target == "mindspore.ops.sign"
