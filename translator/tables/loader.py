"""Load and check API tables. Every error names the file, line and entry it is about.

A target's entries are the torch facts of ``api_tables/torch/`` (kind, signature, examples: one
place for both targets) joined with the target's mapping of the same key; see api_tables/README.md.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from translator.diagnostics import TranslatorError
from translator.tables.schema import (
    KINDS,
    ArgSpec,
    Entry,
    Example,
    Param,
    Tables,
    TargetConfig,
    TargetModule,
    TorchFacts,
    WeightRule,
)
from translator.transforms import ARG_TRANSFORMS, ENTRY_TRANSFORMS, VALUE_TRANSFORMS

_INSTALLED = Path(__file__).resolve().parent.parent / "api_tables"
TABLES_DIR = _INSTALLED if _INSTALLED.is_dir() else Path(__file__).resolve().parent.parent.parent / "api_tables"

TORCH_DIR = TABLES_DIR / "torch"

FACT_FIELDS = {"kind", "signature", "examples"}  # the torch side: api_tables/torch/*.yaml
_MAPPING_FIELDS = {
    "target", "positional", "args", "set", "weights", "transform", "unsupported", "note",
    "evidence", "decorator", "attributes", "value", "source", "expect", "known_failures",
    "torch_layout",
}
_EXAMPLE_FIELDS = {"call", "inputs", "train", "compare"}
_ARG_FIELDS = {"name", "default", "transform", "only", "reason", "unsupported"}


class TableError(TranslatorError):
    pass


def _compose(path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise TableError(f"{path}:{line}: malformed YAML: {getattr(exc, 'problem', exc)}") from None


def _construct(node: yaml.Node, where: str = "") -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or node.start_mark
        raise TableError(f"{where or mark.name}:{mark.line + 1}: {getattr(exc, 'problem', None) or exc}") from None
    finally:
        loader.dispose()


def _mapping_items(node: yaml.Node, where: str) -> list[tuple[str, yaml.Node, int]]:
    if not isinstance(node, yaml.MappingNode):
        raise TableError(f"{where}: expected a mapping")
    return [(_construct(k, where), v, k.start_mark.line + 1) for k, v in node.value]


def parse_signature(text: str, where: str) -> tuple[Param, ...]:
    try:
        fn = ast.parse(f"def f{text}: pass").body[0]
    except SyntaxError:
        raise TableError(f"{where}: signature {text!r} is not a Python parameter list") from None
    a = fn.args
    params: list[Param] = []
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + [ast.unparse(d) for d in a.defaults]
    params += [Param(p.arg, False, d) for p, d in zip(positional, defaults, strict=True)]
    if a.vararg:
        params.append(Param(a.vararg.arg, False, None, star="*"))
    params += [
        Param(p.arg, True, ast.unparse(d) if d is not None else None)
        for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)
    ]
    if a.kwarg:
        params.append(Param(a.kwarg.arg, True, None, star="**"))
    return tuple(params)


def _arg_spec(value: Any, where: str) -> ArgSpec:
    if value == "drop" or value is None:
        return ArgSpec("drop")
    if isinstance(value, str):
        return ArgSpec("keep", name=value)
    if not isinstance(value, dict):
        raise TableError(f"{where}: expected a name, 'drop' or a mapping")
    unknown = set(value) - _ARG_FIELDS
    if unknown:
        raise TableError(f"{where}: unknown field(s) {sorted(unknown)}")
    if "unsupported" in value:
        return ArgSpec("unsupported", reason=str(value["unsupported"]))
    transform = value.get("transform")
    name = value.get("name")
    if transform is not None:
        known = VALUE_TRANSFORMS if name else ARG_TRANSFORMS
        if transform not in known:
            kind = "value" if name else "argument"
            raise TableError(f"{where}: unknown {kind} transform {transform!r} (known: {sorted(known)})")
    if "only" in value:
        if not value.get("reason"):
            raise TableError(f"{where}: 'only' needs a 'reason' for the TODO it produces")
        return ArgSpec("only", name=name, only=tuple(str(v) for v in value["only"]),
                       reason=str(value["reason"]), transform=transform)
    default = value.get("default")
    if default not in (None, "emit"):
        raise TableError(f"{where}: 'default' may only be 'emit'")
    if transform is not None and not name:
        return ArgSpec("transform", transform=transform)
    if not name:
        raise TableError(f"{where}: needs 'name' or 'transform'")
    return ArgSpec("keep", name=name, emit_default=default == "emit", transform=transform)


def _weights(value: Any, where: str) -> dict[str, WeightRule]:
    out: dict[str, WeightRule] = {}
    if not isinstance(value, dict):
        raise TableError(f"{where}: weights must map torch names to target names")
    for k, v in value.items():
        if v is None:
            out[k] = WeightRule(None)
        elif isinstance(v, str):
            out[k] = WeightRule(v)
        elif isinstance(v, dict) and set(v) <= {"name", "transpose", "unsqueeze"} and "name" in v:
            unsqueeze = v.get("unsqueeze")
            if unsqueeze is not None and not isinstance(unsqueeze, int):
                raise TableError(f"{where}: weight {k!r}: unsqueeze takes an axis number")
            out[k] = WeightRule(v["name"], bool(v.get("transpose", False)), unsqueeze)
        else:
            raise TableError(f"{where}: weight {k!r}: expected a name, null or {{name, transpose, unsqueeze}}")
    return out


def _examples(node: yaml.Node, where: str, file: str, with_expect: bool) -> list[Example]:
    """Examples of torch facts; ``with_expect``: a user table may still carry the target's
    ``expect`` in each example (torch facts and mapping in one file)."""
    if not isinstance(node, yaml.SequenceNode):
        raise TableError(f"{where}: examples must be a list")
    out = []
    allowed = _EXAMPLE_FIELDS | ({"expect"} if with_expect else set())
    for item in node.value:
        line = item.start_mark.line + 1
        value = _construct(item, f"{where}: example")
        if not isinstance(value, dict) or "call" not in value:
            raise TableError(f"{where} (line {line}): an example needs 'call'")
        unknown = set(value) - allowed
        if unknown:
            hint = " (a target's expected text goes in its own file's 'expect' map)" if "expect" in unknown else ""
            raise TableError(f"{where} (line {line}): unknown example field(s) {sorted(unknown)}{hint}")
        inputs = value.get("inputs") or {}
        compare = value.get("compare", "values")
        if compare not in ("values", "shape", "runs"):
            raise TableError(f"{where} (line {line}): compare must be values, shape or runs")
        expect = value.get("expect")
        out.append(Example(str(value["call"]), None if expect is None else str(expect),
                           {str(k): str(v) for k, v in inputs.items()}, line,
                           bool(value.get("train", False)), compare, file))
    return out


def _facts(key: str, fields: dict[str, tuple[yaml.Node, int]], file: str, line: int,
           with_expect: bool = False) -> TorchFacts:
    where = f"{file}:{line}: entry {key}"
    kind = _construct(fields["kind"][0], where) if "kind" in fields else None
    if kind not in KINDS:
        raise TableError(f"{where}: kind must be one of {KINDS}, not {kind!r}")
    facts = TorchFacts(key, kind, file, line)
    if "signature" in fields:
        facts.signature_text = str(_construct(fields["signature"][0], where))
        facts.params = parse_signature(facts.signature_text, where)
    elif kind in ("layer", "call", "method"):
        raise TableError(f"{where}: a {kind} entry needs the torch 'signature'")
    if "examples" in fields:
        facts.examples = _examples(fields["examples"][0], where, file, with_expect)
    return facts


def _call_map(node: yaml.Node, where: str) -> dict[str, tuple[str, int]]:
    """A target's map keyed by example call text (``expect``, ``known_failures``): call ->
    (text, line)."""
    return {str(call).strip("\n"): (str(_construct(v, where)), line)
            for call, v, line in _mapping_items(node, where)}


def _entry(key: str, node: yaml.Node, file: str, line: int, facts: dict[str, TorchFacts],
           user: bool) -> Entry:
    """One target entry: its mapping joined with the torch facts of its key. A user table
    (``user``) may also carry the torch facts itself, which then replace the shared ones."""
    where = f"{file}:{line}: entry {key}"
    fields = {k: (v, ln) for k, v, ln in _mapping_items(node, where)}
    unknown = set(fields) - _MAPPING_FIELDS - (FACT_FIELDS if user else set())
    if unknown & FACT_FIELDS:
        raise TableError(f"{where}: {sorted(unknown & FACT_FIELDS)} are torch facts: they belong in "
                         f"{TORCH_DIR.name}/*.yaml (python -m translator.tables.split_facts moves them)")
    if unknown:
        raise TableError(f"{where}: unknown field(s) {sorted(unknown)}")
    own = user and bool(fields.keys() & {"kind", "signature"})
    fact = _facts(key, fields, file, line, with_expect=True) if own else facts.get(key)
    if fact is None:
        raise TableError(f"{where}: no torch facts for {key} (kind, signature and examples go in "
                         f"{TORCH_DIR.name}/*.yaml, or in this file's entry when it is a --table file)")
    if user and "examples" in fields and not own:
        fact = TorchFacts(key, fact.kind, fact.file, fact.line, fact.signature_text, fact.params,
                          _examples(fields["examples"][0], where, file, with_expect=True))
    raw = {k: _construct(v, f"{where}: field {k} (line {ln})") for k, (v, ln) in fields.items()
           if k not in ("examples", "expect", "known_failures", "torch_layout")}
    kind = fact.kind
    entry = Entry(key=key, kind=kind, file=file, line=line, signature_text=fact.signature_text,
                  params=fact.params)
    entry.unsupported = raw.get("unsupported")
    entry.target = raw.get("target")
    if entry.unsupported is None and entry.target is None and "transform" not in raw and kind != "decorator":
        raise TableError(f"{where}: needs 'target', 'transform' or 'unsupported'")
    if kind == "attribute" and (entry.target is not None and not str(entry.target).isidentifier()
                                or "transform" in raw):
        raise TableError(f"{where}: an attribute entry's target is the bare attribute name the target reads")
    if kind in ("layer", "call", "method"):
        args = raw.get("args") or {}
        if not isinstance(args, dict):
            raise TableError(f"{where}: args must be a mapping")
        names = {p.name for p in entry.params}
        extra = set(args) - names
        if extra:
            raise TableError(f"{where}: args {sorted(extra)} are not in the torch signature")
        if entry.unsupported is None and "transform" not in raw:
            missing = [p.name for p in entry.params if p.name not in args]
            if missing:
                raise TableError(f"{where}: args must decide every torch parameter; missing {missing}")
        entry.args = {k: _arg_spec(v, f"{where}: arg {k}") for k, v in args.items()}
    entry.positional = int(raw.get("positional", 0))
    entry.set = {str(k): str(v) for k, v in (raw.get("set") or {}).items()}
    if "weights" in raw:
        entry.weights = _weights(raw["weights"], where)
    entry.transform = raw.get("transform")
    evidence = raw.get("evidence") or {}
    if not isinstance(evidence, dict) or set(evidence) - {"requires", "ndim"}:
        raise TableError(f"{where}: evidence takes 'requires' (keys) and 'ndim' (key: dims)")
    entry.evidence = evidence
    attributes = raw.get("attributes") or {}
    if not isinstance(attributes, dict) or not all(isinstance(v, str) for v in attributes.values()):
        raise TableError(f"{where}: attributes maps torch attribute names to target names")
    entry.attributes = {str(k): v for k, v in attributes.items()}
    entry.value = raw.get("value")
    entry.source = raw.get("source")
    if entry.source is not None:
        if not (isinstance(entry.target, str) and entry.target.isidentifier()):
            raise TableError(f"{where}: with 'source', target is the bare name the source defines")
        try:
            body = ast.parse(entry.source).body
            defined = {n.name for n in body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
            # a constant (torch.hub.HASH_REGEX) is defined by assigning the bare name
            defined |= {t.id for n in body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        except SyntaxError as exc:
            raise TableError(f"{where}: source does not parse: {exc.msg} (line {exc.lineno})") from None
        if entry.target not in defined:
            raise TableError(f"{where}: source does not define {entry.target}")
    entry.decorator = raw.get("decorator", "remove" if kind == "decorator" else None)
    if entry.decorator is not None and not isinstance(entry.decorator, str):
        raise TableError(f"{where}: decorator takes 'remove' or a dotted target name")
    if entry.transform is not None and entry.transform not in ENTRY_TRANSFORMS:
        raise TableError(f"{where}: unknown entry transform {entry.transform!r} (known: {sorted(ENTRY_TRANSFORMS)})")
    entry.examples = _join_examples(fact, fields, where)
    if "torch_layout" in fields:
        entry.torch_layout, entry.layout_uses = _torch_layout(key, fields["torch_layout"], file, facts, user, entry)
    return entry


def _torch_layout(key: str, node_line: tuple[yaml.Node, int], file: str, facts: dict[str, TorchFacts],
                  user: bool, entry: Entry) -> tuple[Entry, tuple[str, ...]]:
    """An entry's layout-keeping layer: a mapping of its own (target, args, weights, source), and
    ``uses``, the torch attributes whose use needs it."""
    node, line = node_line
    where = f"{file}:{line}: entry {key}: torch_layout"
    if entry.kind != "layer":
        raise TableError(f"{where}: only a layer has a layout-keeping counterpart")
    if not isinstance(node, yaml.MappingNode):
        raise TableError(f"{where}: expected a mapping")
    uses_node = next((v for k, v in node.value if _construct(k, where) == "uses"), None)
    uses = _construct(uses_node, where) if uses_node is not None else None
    if not (isinstance(uses, list) and uses and all(isinstance(u, str) for u in uses)):
        raise TableError(f"{where}: 'uses' lists the torch attributes whose use needs this layer")
    rest = yaml.MappingNode(node.tag, [(k, v) for k, v in node.value if _construct(k, where) != "uses"])
    variant = _entry(key, rest, file, line, facts, user)
    if variant.torch_layout is not None or variant.source is None:
        raise TableError(f"{where}: the layout-keeping layer is generated: it needs 'source'")
    variant.examples = []  # the entry's examples run whichever layer the translation picks
    return variant, tuple(uses)


def _join_examples(fact: TorchFacts, fields: dict[str, tuple[yaml.Node, int]], where: str) -> list[Example]:
    """The torch examples with this target's ``expect`` text and ``known_failures`` reason."""
    calls = {ex.call.strip("\n") for ex in fact.examples}
    maps = {}
    for name in ("expect", "known_failures"):
        maps[name] = _call_map(fields[name][0], f"{where}: {name}") if name in fields else {}
        for call, (_, ln) in maps[name].items():
            if call not in calls:
                raise TableError(f"{where.split(':', 1)[0]}:{ln}: entry {fact.key}: {name} for {call!r}, "
                                 f"which is not an example of {fact.where}")
    out = []
    for ex in fact.examples:
        call = ex.call.strip("\n")
        if call in maps["expect"]:
            ex = replace(ex, expect=maps["expect"][call][0])
        if call in maps["known_failures"]:
            ex = replace(ex, known_failure=maps["known_failures"][call][0])
        out.append(ex)
    return out


def _entry_nodes(path: Path) -> list[tuple[str, yaml.Node, int]]:
    root = _compose(path)
    if root is None:
        return []
    out = []
    for key, node, line in _mapping_items(root, str(path)):
        if key in ("target", "note"):
            continue
        if key != "entries":
            raise TableError(f"{path}:{line}: unknown top-level field {key!r} (expected 'entries')")
        out += [(str(k), n, ln) for k, n, ln in _mapping_items(node, f"{path}:{line}")]
    return out


def load_torch_facts(folder: Path = TORCH_DIR) -> dict[str, TorchFacts]:
    """The torch facts of every API, by key (shared by all targets)."""
    facts: dict[str, TorchFacts] = {}
    for path in sorted(folder.glob("*.yaml")):
        for key, node, line in _entry_nodes(path):
            where = f"{path}:{line}: entry {key}"
            if key in facts:
                raise TableError(f"{where}: torch facts already given at {facts[key].where}")
            fields = {k: (v, ln) for k, v, ln in _mapping_items(node, where)}
            unknown = set(fields) - FACT_FIELDS
            if unknown:
                raise TableError(f"{where}: unknown field(s) {sorted(unknown)} (torch facts are "
                                 f"{sorted(FACT_FIELDS)}; the mapping goes in each target's file)")
            facts[key] = _facts(key, fields, str(path), line)
    return facts


def _load_file(path: Path, entries: dict[str, Entry], facts: dict[str, TorchFacts], user: bool) -> None:
    """Add the entries of one file; only user tables may replace an entry."""
    for key, node, line in _entry_nodes(path):
        if not user and key in entries:
            raise TableError(f"{path}:{line}: entry {key} is already defined at {entries[key].where}")
        entries[key] = _entry(key, node, str(path), line, facts, user)


def _load_target(path: Path) -> TargetConfig:
    root = _construct(_compose(path), str(path))
    try:
        modules = {
            k: TargetModule(v["alias"], v["import"]) for k, v in root["modules"].items()
        }
        return TargetConfig(root["target"], modules, dict(root.get("method_renames") or {}),
                            dict(root.get("init_epilogue") or {}),
                            bool(root.get("promotes_mixed_dtypes", True)),
                            dict(root.get("tensor_attributes") or {}))
    except (KeyError, TypeError) as exc:
        raise TableError(f"{path}:1: malformed target description: missing {exc}") from None


def available_targets(tables_dir: Path = TABLES_DIR) -> list[str]:
    return sorted(p.name for p in tables_dir.iterdir() if (p / "_target.yaml").is_file())


def load_tables(target: str, extra: list[Path] = (), tables_dir: Path = TABLES_DIR) -> Tables:
    folder = tables_dir / target
    if not (folder / "_target.yaml").is_file():
        raise TableError(f"unknown target {target!r} (known: {', '.join(available_targets(tables_dir))})")
    config = _load_target(folder / "_target.yaml")
    facts = load_torch_facts(tables_dir / TORCH_DIR.name)
    entries: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name != "_target.yaml":
            _load_file(path, entries, facts, user=False)
    for path in extra:
        if not Path(path).is_file():
            raise TableError(f"{path}: table file not found")
        _load_file(Path(path), entries, facts, user=True)
    _check_method_names(entries)
    return Tables(config, entries)


def _check_method_names(entries: dict[str, Entry]) -> None:
    """Method calls and attribute reads are matched by name alone (the receiver's type is
    unknown), so two method entries with one name (``Tensor.float`` and ``Module.float``) cannot
    both apply; nor can two attribute entries."""
    seen: dict[tuple[str, str], Entry] = {}
    for entry in entries.values():
        if entry.kind not in ("method", "attribute"):
            continue
        if "." not in entry.key:
            raise TableError(f"{entry.where}: a {entry.kind} entry is named Class.{entry.kind}")
        name = entry.key.split(".", 1)[1]
        if (entry.kind, name) in seen:
            raise TableError(f"{entry.where}: {entry.kind} name {name!r} is also {seen[entry.kind, name].where}")
        seen[entry.kind, name] = entry
