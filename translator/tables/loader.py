"""Load and check API tables. Every error names the file, line and entry it is about."""

from __future__ import annotations

import ast
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
    WeightRule,
)
from translator.transforms import ARG_TRANSFORMS, ENTRY_TRANSFORMS, VALUE_TRANSFORMS

_INSTALLED = Path(__file__).resolve().parent.parent / "api_tables"
TABLES_DIR = _INSTALLED if _INSTALLED.is_dir() else Path(__file__).resolve().parent.parent.parent / "api_tables"

_ENTRY_FIELDS = {
    "kind", "signature", "target", "positional", "args", "set", "weights", "transform",
    "unsupported", "examples", "note", "evidence", "decorator", "attributes", "value", "source",
}
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


def _examples(node: yaml.Node, where: str) -> list[Example]:
    if not isinstance(node, yaml.SequenceNode):
        raise TableError(f"{where}: examples must be a list")
    out = []
    for item in node.value:
        line = item.start_mark.line + 1
        value = _construct(item, f"{where}: example")
        if not isinstance(value, dict) or not {"call", "expect"} <= set(value):
            raise TableError(f"{where} (line {line}): an example needs 'call' and 'expect'")
        unknown = set(value) - {"call", "expect", "inputs", "train", "compare"}
        if unknown:
            raise TableError(f"{where} (line {line}): unknown example field(s) {sorted(unknown)}")
        inputs = value.get("inputs") or {}
        compare = value.get("compare", "values")
        if compare not in ("values", "shape", "runs"):
            raise TableError(f"{where} (line {line}): compare must be values, shape or runs")
        out.append(Example(str(value["call"]), str(value["expect"]),
                           {str(k): str(v) for k, v in inputs.items()}, line,
                           bool(value.get("train", False)), compare))
    return out


def _entry(key: str, node: yaml.Node, file: str, line: int) -> Entry:
    where = f"{file}:{line}: entry {key}"
    fields = {k: (v, ln) for k, v, ln in _mapping_items(node, where)}
    unknown = set(fields) - _ENTRY_FIELDS
    if unknown:
        raise TableError(f"{where}: unknown field(s) {sorted(unknown)}")
    raw = {k: _construct(v, f"{where}: field {k} (line {ln})") for k, (v, ln) in fields.items() if k != "examples"}
    kind = raw.get("kind")
    if kind not in KINDS:
        raise TableError(f"{where}: kind must be one of {KINDS}, not {kind!r}")
    entry = Entry(key=key, kind=kind, file=file, line=line)
    entry.unsupported = raw.get("unsupported")
    entry.target = raw.get("target")
    if entry.unsupported is None and entry.target is None and "transform" not in raw and kind != "decorator":
        raise TableError(f"{where}: needs 'target', 'transform' or 'unsupported'")
    if kind in ("layer", "call", "method"):
        if "signature" not in raw:
            raise TableError(f"{where}: a {kind} entry needs the torch 'signature'")
        entry.signature_text = str(raw["signature"])
        entry.params = parse_signature(entry.signature_text, where)
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
            defined = {n.name for n in ast.parse(entry.source).body
                       if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        except SyntaxError as exc:
            raise TableError(f"{where}: source does not parse: {exc.msg} (line {exc.lineno})") from None
        if entry.target not in defined:
            raise TableError(f"{where}: source does not define {entry.target}")
    entry.decorator = raw.get("decorator", "remove" if kind == "decorator" else None)
    if entry.decorator is not None and not isinstance(entry.decorator, str):
        raise TableError(f"{where}: decorator takes 'remove' or a dotted target name")
    if entry.transform is not None and entry.transform not in ENTRY_TRANSFORMS:
        raise TableError(f"{where}: unknown entry transform {entry.transform!r} (known: {sorted(ENTRY_TRANSFORMS)})")
    if "examples" in fields:
        entry.examples = _examples(fields["examples"][0], where)
    return entry


def _load_file(path: Path, entries: dict[str, Entry], override: bool) -> None:
    """Add the entries of one file; only user tables (``override``) may replace an entry."""
    root = _compose(path)
    if root is None:
        return
    for key, node, line in _mapping_items(root, str(path)):
        if key in ("target", "note"):
            continue
        if key != "entries":
            raise TableError(f"{path}:{line}: unknown top-level field {key!r} (expected 'entries')")
        for ekey, enode, eline in _mapping_items(node, f"{path}:{line}"):
            if not override and str(ekey) in entries:
                raise TableError(f"{path}:{eline}: entry {ekey} is already defined at {entries[str(ekey)].where}")
            entries[str(ekey)] = _entry(str(ekey), enode, str(path), eline)


def _load_target(path: Path) -> TargetConfig:
    root = _construct(_compose(path), str(path))
    try:
        modules = {
            k: TargetModule(v["alias"], v["import"]) for k, v in root["modules"].items()
        }
        return TargetConfig(root["target"], modules, dict(root.get("method_renames") or {}),
                            dict(root.get("init_epilogue") or {}))
    except (KeyError, TypeError) as exc:
        raise TableError(f"{path}:1: malformed target description: missing {exc}") from None


def available_targets() -> list[str]:
    return sorted(p.name for p in TABLES_DIR.iterdir() if (p / "_target.yaml").is_file())


def load_tables(target: str, extra: list[Path] = ()) -> Tables:
    folder = TABLES_DIR / target
    if not (folder / "_target.yaml").is_file():
        raise TableError(f"unknown target {target!r} (known: {', '.join(available_targets())})")
    config = _load_target(folder / "_target.yaml")
    entries: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name != "_target.yaml":
            _load_file(path, entries, override=False)
    for path in extra:
        if not Path(path).is_file():
            raise TableError(f"{path}: table file not found")
        _load_file(Path(path), entries, override=True)
    _check_method_names(entries)
    return Tables(config, entries)


def _check_method_names(entries: dict[str, Entry]) -> None:
    """Method calls are matched by name alone (the receiver's type is unknown), so two method
    entries with one name (``Tensor.float`` and ``Module.float``) cannot both apply."""
    seen: dict[str, Entry] = {}
    for entry in entries.values():
        if entry.kind != "method":
            continue
        if "." not in entry.key:
            raise TableError(f"{entry.where}: a method entry is named Class.method")
        name = entry.key.split(".", 1)[1]
        if name in seen:
            raise TableError(f"{entry.where}: method name {name!r} is also {seen[name].where}")
        seen[name] = entry
