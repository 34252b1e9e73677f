"""Command line: ``torch2ms translate``, ``torch2ms weights convert``, ``torch2ms scan``, ``torch2ms verify``."""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import yaml

from translator.diagnostics import TranslatorError
from translator.notebooks import place
from translator.scan_options import add_scan_arguments
from translator.source_io import atomic_write
from translator.tables.loader import available_targets, load_tables
from translator.verify.arguments import add_verify_parser, cmd_verify
from translator.weight_map import ClassFacts, build_weight_map, one_of

# scan: 1 = findings fail the gate, 3 = an input could not be read or parsed (README, "Exit codes")
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="torch2ms", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    t = sub.add_parser("translate", help="translate PyTorch sources")
    t.add_argument("sources", nargs="+", type=Path, metavar="SRC")
    t.add_argument("-o", "--output", metavar="OUT",
                   help="output file, directory, or - for standard output (required unless --diff)")
    t.add_argument("--to", default="mindspore", choices=available_targets())
    t.add_argument("--table", action="append", default=[], type=Path, metavar="EXTRA.yaml",
                   help="extra table entries (added to or overriding the built-in ones)")
    t.add_argument("--weight-map", type=Path, metavar="MAP.yaml",
                   help="write the weight-rename map for 'weights convert'")
    t.add_argument("--in-place", action="store_true", help="allow OUT to be (inside) SRC")
    t.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    t.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="leave out matching files and folders of a source folder (repeatable)")
    mode = t.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 when an output is missing or stale")
    mode.add_argument("--diff", action="store_true",
                      help="write nothing; print what translating would change as a unified diff")
    t.add_argument("--fail-on-change", action="store_true",
                   help="exit 1 when an output was created or changed (the mirror pre-commit hook)")

    s = sub.add_parser("scan", help="report migration effort without writing anything")
    add_scan_arguments(s)

    w = sub.add_parser("weights", help="weight conversion")
    wsub = w.add_subparsers(dest="weights_command", required=True)
    c = wsub.add_parser("convert", help="convert a torch checkpoint with a weight map")
    c.add_argument("input", type=Path, metavar="IN", help=".pth/.pt (torch.save) or .safetensors")
    c.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    c.add_argument("--map", required=True, type=Path, metavar="MAP.yaml")
    c.add_argument("--to", choices=available_targets(), help="default: the map's target")
    c.add_argument("--root", help="the model class the checkpoint belongs to (default: inferred)")
    c.add_argument("--model", metavar="PATH.py:FACTORY",
                   help="also check the result against the translated model this builds: every "
                        "parameter filled, no extra key, same shapes (runs that translated code); its "
                        "parameter names also settle layer types the state_dict leaves ambiguous")
    add_verify_parser(sub, available_targets())
    return parser


def _merge_classes(results: list) -> dict[str, ClassFacts]:
    merged: dict[str, ClassFacts] = {}
    # classes of one name in several modules (timm's many ``Block``s): references name them by
    # their name alone, so the map holds them merged (each member one of theirs), and each as it
    # is, as ``Name@k`` (``variant_of``), for the converter to type a module by its submodules' names
    variants: dict[str, list[ClassFacts]] = {}
    for r in results:
        for name, facts in r.classes.items():
            if name in merged and merged[name].to_yaml() != facts.to_yaml():
                if name not in variants:
                    variants[name] = [copy.deepcopy(merged[name])]
                if all(v.to_yaml() != facts.to_yaml() for v in variants[name]):
                    variants[name].append(copy.deepcopy(facts))
                old = merged[name]
                for attr, ref in facts.attrs.items():
                    old.attrs[attr] = one_of(old.attrs.get(attr, ref), ref)
                old.params = sorted(set(old.params) | set(facts.params))
                for param in set(old.ndims) | set(facts.ndims):
                    old.note_ndim(param, facts.ndims.get(param))
                old.values.update(facts.values)
            else:
                merged[name] = facts
    for name, kinds in variants.items():
        for k, facts in enumerate(kinds):
            facts.name, facts.variant_of = f"{name}@{k}", name
            merged[facts.name] = facts
    return merged


def cmd_translate(args: argparse.Namespace) -> int:
    from translator.project import translate_paths

    if args.output is None and not args.diff:
        raise TranslatorError("translate: -o OUT is required (unless --diff)")
    tables = load_tables(args.to, args.table)
    mode = "check" if args.check else "diff" if args.diff else "write"
    # --diff without -o: each source against its own translation
    report = translate_paths(args.sources, args.output, tables, in_place=args.in_place,
                             excludes=tuple(args.exclude), mode=mode)
    for r in report.results:
        for d in r.diagnostics:
            print(f"error: {d}", file=sys.stderr)
        if not args.quiet:
            for t in r.todos:
                print(f"{place(r.path, t.line)}: TODO {t.api}: {t.reason}", file=sys.stderr)
    for problem in report.write_errors:
        print(f"error: {problem}", file=sys.stderr)
    if args.weight_map is not None and mode == "write":
        used = {api for r in report.results for api in r.translated}
        doc = build_weight_map(_merge_classes(report.results), used, tables,
                               [r.module_values for r in report.results])
        atomic_write(args.weight_map, yaml.safe_dump(doc, sort_keys=False, width=100).encode())
    if mode == "check":
        for path in report.stale:
            print(f"would update {path}", file=sys.stderr)
        print(f"{len(report.stale)} outputs out of date", file=sys.stderr)
        return EXIT_PROBLEMS if report.stale or report.failed else EXIT_OK
    print(report.summary(), file=sys.stderr)
    if args.fail_on_change and report.written:
        print(f"{len(report.written)} outputs created or changed: {', '.join(report.written)}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if report.failed or report.write_errors else EXIT_OK


def cmd_scan(args: argparse.Namespace) -> int:
    from translator.scan import run_scan

    return run_scan(args)


def cmd_weights(args: argparse.Namespace) -> int:
    from translator.weights.convert import run_convert

    return run_convert(args)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"translate": cmd_translate, "scan": cmd_scan, "weights": cmd_weights, "verify": cmd_verify}
    try:
        return handlers[args.command](args)
    except TranslatorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
