"""Move the torch side of table entries into ``api_tables/torch/`` (one source of torch facts).

    python -m translator.tables.split_facts [TABLES_DIR] [--keep-split-facts]

A target entry written in the inline format carries the torch facts itself (``kind``,
``signature``, ``examples`` whose items hold the target's ``expect``). For each such entry this
moves ``kind``, ``signature`` and the examples (``call``, ``inputs``, ``compare``, ``train``) into
the torch facts file of the same key — the torch file that already holds the key, otherwise
``torch/<stem of the target file>.yaml`` — and leaves in the target file only the mapping plus an
``expect:`` map (example call text -> expected target text).

Both targets' examples are merged (union, deduplicated by call and inputs and how they run, order
kept). A kind or signature that disagrees between targets (or with torch facts already split) is
an error naming both places, and nothing is written; with ``--keep-split-facts`` a disagreement
with facts already split (which the signature test checks against torch) keeps those, and is
listed. Already split entries are left alone, so running it again changes nothing; an entry
present in only one target is moved all the same; a one-line entry is written again in block
style. Edits are by line, so comments and formatting of everything else stay as they are; files
are written atomically.

Then, per target, an example that came from another target and translates with a TODO gets its
translated text recorded under ``expect`` (an example without ``expect`` must translate fully);
each is listed for review.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from translator.diagnostics import TranslatorError

FACT_FIELDS = ("kind", "signature", "examples")
EXAMPLE_FACTS = ("call", "inputs", "compare", "train")


class SplitError(Exception):
    pass


@dataclass
class Facts:
    """The torch side of one key, as found in one place."""

    key: str
    kind: Any
    signature: str | None
    where: str
    examples: list[dict] = field(default_factory=list)  # each: the EXAMPLE_FACTS present


@dataclass
class TorchFile:
    path: Path
    lines: list[str]
    keys: dict[str, tuple[int, int, int | None, int]]  # key -> (entry line, last line, examples last line, indent)
    added: dict[str, list[str]] = field(default_factory=dict)  # key -> example lines to insert
    appended: list[str] = field(default_factory=list)  # new entries' lines


def _compose(path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SplitError(f"{path}:{mark.line + 1 if mark else 1}: malformed YAML: {exc}") from None


def _value(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _last_line(node: yaml.Node) -> int:
    """0-based last line a node's text occupies (a block collection's own end mark is the next
    token, often the next key, so it is taken from its leaves)."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style:
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
    return max((_last_line(c) for c in children), default=node.start_mark.line)


def _entries(root: yaml.Node | None, path: Path) -> list[tuple[str, yaml.Node, yaml.Node]]:
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise SplitError(f"{path}:1: expected a mapping with 'entries'")
    out = []
    for k, v in root.value:
        if k.value == "entries":
            if not isinstance(v, yaml.MappingNode):
                raise SplitError(f"{path}:{v.start_mark.line + 1}: 'entries' must be a mapping")
            out += [(str(ek.value), ek, ev) for ek, ev in v.value]
    return out


def _norm_signature(sig: str | None, where: str) -> str | None:
    if sig is None:
        return None
    try:
        return ast.unparse(ast.parse(f"def f{sig}: pass").body[0].args)
    except SyntaxError:
        raise SplitError(f"{where}: signature {sig!r} is not a Python parameter list") from None


def _example_id(ex: dict) -> tuple[str, str, str, bool]:
    """Examples are the same when call and inputs are (and how they are run: compare, train)."""
    inputs = ex.get("inputs") or {}
    return (str(ex["call"]).strip("\n"), json.dumps({str(k): str(v) for k, v in inputs.items()}, sort_keys=True),
            str(ex.get("compare", "values")), bool(ex.get("train", False)))


# ---------------------------------------------------------------------------------------- emitting

def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: int) -> list[str] | None:
    """A multi-line string as a YAML literal block (None when it needs quoting instead)."""
    if "\n" not in text.rstrip("\n") or text[:1] in " \t" or text.endswith("\n\n") or "\t" in text:
        return None
    head = "|" if text.endswith("\n") else "|-"
    return [head] + [(" " * indent + ln) if ln else "" for ln in text.rstrip("\n").split("\n")]


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        items = [(k if isinstance(k, str) and k.isidentifier() else _quote(str(k))) + ": " + _flow(v)
                 for k, v in value.items()]
        return "{" + ", ".join(items) + "}"
    if isinstance(value, str):
        return _quote(value)
    return json.dumps(value, ensure_ascii=False)


def example_lines(ex: dict, indent: int) -> list[str]:
    pad = " " * indent
    block = _block(str(ex["call"]), indent + 4)
    if block is None:
        parts = [f"call: {_quote(str(ex['call']))}"] + [f"{k}: {_flow(ex[k])}" for k in EXAMPLE_FACTS[1:] if k in ex]
        return [f"{pad}- {{{', '.join(parts)}}}"]
    out = [f"{pad}- call: {block[0]}", *block[1:]]
    out += [f"{pad}  {k}: {_flow(ex[k])}" for k in EXAMPLE_FACTS[1:] if k in ex]
    return out


def entry_lines(facts: Facts, examples: list[dict]) -> list[str]:
    out = [f"  {facts.key}:", f"    kind: {facts.kind}"]
    if facts.signature is not None:
        out.append(f"    signature: {_quote(facts.signature)}")
    if examples:
        out.append("    examples:")
        for ex in examples:
            out += example_lines(ex, 6)
    return out


def expect_lines(expects: dict[str, str], indent: int, name: str = "expect") -> list[str]:
    """A map keyed by example call text (``expect``, ``known_failures``) at ``indent``."""
    pad = " " * indent
    out = [f"{pad}{name}:"]
    for call, text in expects.items():
        kb, vb = _block(call, indent + 4), _block(text, indent + 4)
        if kb is None and vb is None:
            out.append(f"{pad}  {_quote(call)}: {_quote(text)}")
            continue
        out += [f"{pad}  ? {kb[0]}", *kb[1:]] if kb else [f"{pad}  ? {_quote(call)}"]
        out += [f"{pad}  : {vb[0]}", *vb[1:]] if vb else [f"{pad}  : {_quote(text)}"]
    return out


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------- reading

def _read_torch(folder: Path) -> tuple[dict[str, TorchFile], dict[str, tuple[Facts, TorchFile]]]:
    files: dict[str, TorchFile] = {}
    facts: dict[str, tuple[Facts, TorchFile]] = {}
    for path in sorted(folder.glob("*.yaml")):
        tf = TorchFile(path, path.read_text(encoding="utf-8").splitlines(), {})
        files[path.stem] = tf
        for key, knode, node in _entries(_compose(path), path):
            where = f"{path}:{knode.start_mark.line + 1}: entry {key}"
            if key in facts:
                raise SplitError(f"{where}: also torch facts at {facts[key][0].where}")
            value = _value(node) or {}
            fields = {k.value: v for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
            ex_node = fields.get("examples")
            f = Facts(key, value.get("kind"), value.get("signature"), where,
                      [dict(e) for e in value.get("examples") or []])
            facts[key] = (f, tf)
            indent = node.start_mark.column if not node.flow_style else knode.start_mark.column + 2
            ex_last = _last_line(ex_node) if ex_node is not None and not ex_node.flow_style else None
            if ex_node is not None and ex_node.flow_style:
                raise SplitError(f"{where}: write its examples in block style to let examples be added")
            tf.keys[key] = (knode.start_mark.line, _last_line(node), ex_last, indent)
    return files, facts


@dataclass
class Inline:
    """A target entry still carrying torch facts."""

    facts: Facts
    expects: dict[str, str]
    remove: list[tuple[int, int]]  # 0-based inclusive line ranges of the fact fields
    insert_at: int  # 0-based line where the expect map goes (before removal)
    indent: int
    has_expect: bool
    unsupported: bool
    replace: list[str] | None = None  # a flow-style entry: its whole text, written again in block style


def _inline(path: Path, key: str, knode: yaml.Node, node: yaml.Node) -> Inline | None:
    where = f"{path}:{knode.start_mark.line + 1}: entry {key}"
    if not isinstance(node, yaml.MappingNode):
        raise SplitError(f"{where}: expected a mapping")
    fields = {k.value: (k, v) for k, v in node.value}
    if not set(FACT_FIELDS) & set(fields):
        return None
    kind = _value(fields["kind"][1]) if "kind" in fields else None
    sig = _value(fields["signature"][1]) if "signature" in fields else None
    facts = Facts(key, kind, None if sig is None else str(sig), where)
    expects: dict[str, str] = {}
    unsupported = "unsupported" in fields
    if "examples" in fields:
        items = _value(fields["examples"][1]) or []
        for item, inode in zip(items, fields["examples"][1].value, strict=True):
            if not isinstance(item, dict) or "call" not in item:
                raise SplitError(f"{path}:{inode.start_mark.line + 1}: entry {key}: an example needs 'call'")
            unknown = set(item) - {*EXAMPLE_FACTS, "expect"}
            if unknown:
                raise SplitError(f"{path}:{inode.start_mark.line + 1}: entry {key}: unknown example field(s) "
                                 f"{sorted(unknown)}")
            facts.examples.append({k: item[k] for k in EXAMPLE_FACTS if k in item})
            if "expect" not in item:
                continue
            call, text = str(item["call"]), str(item["expect"])
            if unsupported and text.strip("\n") == call.strip("\n"):
                continue  # an unsupported entry's examples stay unchanged by definition
            old = expects.get(call)
            if old is not None and old != text:
                raise SplitError(f"{path}:{inode.start_mark.line + 1}: entry {key}: call {call!r} expects "
                                 f"both {old!r} and {text!r}")
            expects[call] = text
    if node.flow_style:
        # a one-line entry ({kind: ..., target: ...}): written again in block style, without its facts
        column = knode.start_mark.column
        text = [f"{' ' * column}{key}:"] + [f"{' ' * (column + 2)}{k.value}: {_flow(_value(v))}"
                                             for k, v in node.value if k.value not in FACT_FIELDS]
        if expects:
            text += expect_lines(expects, column + 2)
        span = (knode.start_mark.line, _last_line(node))
        return Inline(facts, {}, [span], span[0], column + 2, "expect" in fields, unsupported, text)
    remove = [(fields[f][0].start_mark.line, _last_line(fields[f][1])) for f in FACT_FIELDS if f in fields]
    anchor = fields["examples"][0] if "examples" in fields else None
    insert_at = anchor.start_mark.line if anchor else _last_line(node) + 1
    return Inline(facts, expects, remove, insert_at, node.start_mark.column, "expect" in fields, unsupported)


def _same(a: Facts, b: Facts) -> None:
    if a.kind != b.kind:
        raise SplitError(f"{b.where}: kind {b.kind!r} disagrees with {a.where} ({a.kind!r})")
    sa, sb = _norm_signature(a.signature, a.where), _norm_signature(b.signature, b.where)
    if sa != sb:
        raise SplitError(f"{b.where}: signature {b.signature!r} disagrees with {a.where} ({a.signature!r})")


def _merge_examples(into: list[dict], new: list[dict]) -> list[dict]:
    """Append the examples of ``new`` not already in ``into``; return those appended."""
    seen = {_example_id(e) for e in into}
    added = []
    for ex in new:
        if _example_id(ex) not in seen:
            seen.add(_example_id(ex))
            into.append(ex)
            added.append(ex)
    return added


def _plan(f: Facts, stem: str, torch_facts: dict[str, tuple[Facts, TorchFile]],
          new_facts: dict[str, tuple[Facts, list[dict], str]], kept: list[str] | None) -> None:
    """Merge one inline entry's facts into those already split or already planned. ``kept``: a
    kind or signature disagreeing with already split facts keeps those (noted there)."""
    if f.key in torch_facts:
        known, tf = torch_facts[f.key]
        try:
            _same(known, f)
        except SplitError as exc:
            if kept is None:
                raise
            kept.append(f"kept the split torch facts: {exc}")
        added = _merge_examples(known.examples, f.examples)
        if added:
            if tf.keys[f.key][2] is None and f.key not in tf.added:
                tf.added[f.key] = [" " * tf.keys[f.key][3] + "examples:"]
            tf.added.setdefault(f.key, [])
            for ex in added:
                tf.added[f.key] += example_lines(ex, tf.keys[f.key][3] + 2)
    elif f.key in new_facts:
        first, examples, _ = new_facts[f.key]
        _same(first, f)
        _merge_examples(examples, f.examples)
    else:
        if f.kind is None:
            raise SplitError(f"{f.where}: torch facts need 'kind'")
        examples: list[dict] = []
        _merge_examples(examples, f.examples)
        new_facts[f.key] = (f, examples, stem)


def split(tables: Path, keep_split: bool = False) -> list[str]:
    """Split every target file under ``tables``; returns one line per file changed (and, with
    ``keep_split``, one per disagreement settled for the already split torch facts)."""
    torch_dir = tables / "torch"
    torch_files, torch_facts = _read_torch(torch_dir)
    targets = sorted(p for p in tables.iterdir() if (p / "_target.yaml").is_file())
    plans: list[tuple[Path, list[str], list[Inline]]] = []
    for folder in targets:
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "_target.yaml":
                continue
            found = [i for key, knode, node in _entries(_compose(path), path)
                     if (i := _inline(path, key, knode, node)) is not None]
            if found:
                plans.append((path, path.read_text(encoding="utf-8").splitlines(), found))
    # first pass: every disagreement is found before anything is written
    new_facts: dict[str, tuple[Facts, list[dict], str]] = {}  # key -> (facts, examples, torch stem)
    errors: list[str] = []
    kept: list[str] | None = [] if keep_split else None
    for path, _, found in plans:
        for inline in found:
            try:
                _plan(inline.facts, path.stem, torch_facts, new_facts, kept)
            except SplitError as exc:
                errors.append(str(exc))
    if errors:
        raise SplitError("\n".join(errors))
    for facts, examples, stem in new_facts.values():
        tf = torch_files.get(stem)
        if tf is None:
            tf = torch_files[stem] = TorchFile(
                torch_dir / f"{stem}.yaml",
                ["# Torch facts (kind, signature, examples) shared by every target; see api_tables/README.md.",
                 "entries:"], {})
        tf.appended += entry_lines(facts, examples)
    changed = []
    for tf in torch_files.values():
        if not tf.added and not tf.appended:
            continue
        lines = list(tf.lines)
        for key in sorted(tf.added, key=lambda k: -tf.keys[k][0]):
            _, last, ex_last, _ = tf.keys[key]
            at = (ex_last if ex_last is not None else last) + 1
            lines[at:at] = tf.added[key]
        if tf.appended and not any(ln.startswith("entries:") for ln in lines):
            lines.append("entries:")
        lines += tf.appended
        _write(tf.path, lines)
        changed.append(f"{tf.path}: torch facts written")
    for path, lines, found in plans:
        out = list(lines)
        edits: list[tuple[int, int, list[str]]] = []  # (start, end exclusive, replacement)
        for inline in found:
            if inline.has_expect and inline.expects:
                raise SplitError(f"{inline.facts.where}: has both an 'expect' map and inline expects; merge by hand")
            if inline.replace is not None:
                edits.append((inline.remove[0][0], inline.remove[0][1] + 1, inline.replace))
                continue
            for start, end in inline.remove:
                edits.append((start, end + 1, []))
            if inline.expects:
                edits.append((inline.insert_at, inline.insert_at, expect_lines(inline.expects, inline.indent)))
        # apply from the bottom; an insertion sorts after the removal starting at the same line
        for start, end, repl in sorted(edits, key=lambda e: (e[0], e[1] - e[0] > 0), reverse=True):
            out[start:end] = repl
        _write(path, out)
        changed.append(f"{path}: {len(found)} entries split")
    return changed + (kept or [])


def record_todos(tables: Path) -> list[str]:
    """For each target, give every example that has no ``expect`` there and translates with a
    TODO its translated text as ``expect`` (the target keeps it torch: another target's example
    shows what this one cannot take). One line per recorded example, for review."""
    from translator.tables.example_text import translate_expression
    from translator.tables.loader import available_targets, load_tables

    report = []
    for target in available_targets(tables):
        loaded = load_tables(target, tables_dir=tables)
        todo: dict[str, dict[str, dict[str, str]]] = {}  # file -> key -> call -> text
        for key, entry in loaded.entries.items():
            if entry.unsupported:
                continue
            for ex in entry.examples:
                if ex.expect is not None:
                    continue
                text, todos, _ = translate_expression(ex.call, loaded)
                if todos or text.startswith("<failed"):
                    todo.setdefault(entry.file, {}).setdefault(key, {})[ex.call] = text
                    report.append(f"{entry.where}: {ex.call.strip()!r} stays {text!r} "
                                  f"({'; '.join(todos) or 'translation failed'})")
        for file, keys in todo.items():
            _add_expects(Path(file), keys)
    return report


def _add_expects(path: Path, keys: dict[str, dict[str, str]], name: str = "expect") -> None:
    """Add call -> text items to the ``name`` map of each entry in ``keys`` (made if absent)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    edits = []
    for key, _knode, node in _entries(_compose(path), path):
        if key not in keys:
            continue
        fields = {k.value: (k, v) for k, v in node.value}
        if name in fields:
            knode_e, vnode = fields[name]
            if vnode.flow_style or not isinstance(vnode, yaml.MappingNode):
                raise SplitError(f"{path}:{knode_e.start_mark.line + 1}: entry {key}: write {name!r} in block style")
            edits.append((_last_line(vnode) + 1, expect_lines(keys[key], knode_e.start_mark.column, name)[1:]))
        else:
            edits.append((_last_line(node) + 1, expect_lines(keys[key], node.start_mark.column, name)))
    for at, new in sorted(edits, key=lambda e: -e[0]):
        lines[at:at] = new
    _write(path, lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m translator.tables.split_facts",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("tables", nargs="?", type=Path, default=Path(__file__).resolve().parents[2] / "api_tables")
    parser.add_argument("--keep-split-facts", action="store_true",
                        help="where an inline entry's kind or signature disagrees with torch facts already split "
                             "(checked against torch), keep those and list each case instead of failing")
    args = parser.parse_args(argv)
    tables = args.tables
    try:
        changed = split(tables, args.keep_split_facts)
        print("\n".join(changed) if changed else "nothing to split")
        recorded = record_todos(tables)
    except (SplitError, TranslatorError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if recorded:
        print(f"{len(recorded)} examples kept as TODO in a target, their text recorded as its 'expect' "
              "(review: a mapping may be able to take them):")
        print("\n".join(recorded))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
