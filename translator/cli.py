"""Command line: ``torch2ms translate``, ``torch2ms weights convert``, ``torch2ms scan``, ``torch2ms verify``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from translator.diagnostics import TranslatorError
from translator.source_io import atomic_write
from translator.tables.loader import available_targets, load_tables
from translator.verify.arguments import add_verify_parser, cmd_verify
from translator.weight_map import UNKNOWN_LAYER, ClassFacts, build_weight_map

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="torch2ms", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    t = sub.add_parser("translate", help="translate PyTorch sources")
    t.add_argument("sources", nargs="+", type=Path, metavar="SRC")
    t.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output file, directory, or - for standard output")
    t.add_argument("--to", default="mindspore", choices=available_targets())
    t.add_argument("--table", action="append", default=[], type=Path, metavar="EXTRA.yaml",
                   help="extra table entries (added to or overriding the built-in ones)")
    t.add_argument("--weight-map", type=Path, metavar="MAP.yaml",
                   help="write the weight-rename map for 'weights convert'")
    t.add_argument("--in-place", action="store_true", help="allow OUT to be (inside) SRC")
    t.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")

    s = sub.add_parser("scan", help="report migration effort without writing anything")
    s.add_argument("sources", nargs="+", type=Path, metavar="SRC")
    s.add_argument("--to", default="mindspore", choices=available_targets())
    s.add_argument("--table", action="append", default=[], type=Path, metavar="EXTRA.yaml")
    s.add_argument("--format", choices=["text", "yaml"], default="text")
    s.add_argument("--fail-on-todo", action="store_true",
                   help="exit 1 when anything would be left as TODO (for pre-commit and CI)")

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
    for r in results:
        for name, facts in r.classes.items():
            if name in merged and merged[name].to_yaml() != facts.to_yaml():
                old = merged[name]
                for attr, ref in facts.attrs.items():
                    old.attrs[attr] = ref if old.attrs.get(attr, ref) == ref else UNKNOWN_LAYER
                old.params = sorted(set(old.params) | set(facts.params))
                for param in set(old.ndims) | set(facts.ndims):
                    old.note_ndim(param, facts.ndims.get(param))
            else:
                merged[name] = facts
    return merged


def cmd_translate(args: argparse.Namespace) -> int:
    from translator.project import translate_paths

    tables = load_tables(args.to, args.table)
    report = translate_paths(args.sources, args.output, tables, in_place=args.in_place)
    for r in report.results:
        for d in r.diagnostics:
            print(f"error: {d}", file=sys.stderr)
        if not args.quiet:
            for t in r.todos:
                print(f"{r.path}:{t.line}: TODO {t.api}: {t.reason}", file=sys.stderr)
    if args.weight_map is not None:
        used = {api for r in report.results for api in r.translated}
        doc = build_weight_map(_merge_classes(report.results), used, tables)
        atomic_write(args.weight_map, yaml.safe_dump(doc, sort_keys=False, width=100).encode())
    print(report.summary(), file=sys.stderr)
    return EXIT_PROBLEMS if report.failed else EXIT_OK


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
