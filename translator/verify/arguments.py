"""The ``verify`` subcommand's command line (registered by translator/cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from translator.verify.tolerance import Tolerance


def shape_input(text: str) -> tuple[str, str]:
    return ("shape", text)


def file_input(text: str) -> tuple[str, str]:
    return ("file", text)


def add_verify_parser(sub: Any, targets: list[str]) -> None:
    v = sub.add_parser("verify", help="run a model and its translation on the same weights and inputs; "
                                      "name the first layer whose output diverges")
    v.add_argument("--torch", required=True, metavar="ROOT:pkg.module:factory(...)",
                   help="the torch model: ROOT is the folder to import from (or FILE.py:expr)")
    v.add_argument("--translated", required=True, metavar="OUT_ROOT:pkg.module:factory(...)",
                   help="the translated model, same forms")
    v.add_argument("--input", dest="inputs", action="append", type=shape_input, metavar="SHAPE",
                   help="a seeded float32 normal input of this shape, e.g. 2,3,224,224; repeat for more inputs")
    v.add_argument("--input-file", dest="inputs", action="append", type=file_input, metavar="X.npy",
                   help="an input from a .npy file (any dtype); mixes with --input in the order given")
    v.add_argument("--weights", type=Path, metavar="W.pth",
                   help="torch weights (default: random, norm statistics randomised)")
    v.add_argument("--map", type=Path, metavar="MAP.yaml",
                   help="the weight map from 'translate --weight-map' (default: translate the torch source again)")
    v.add_argument("--to", choices=targets, help="default: the map's target, else mindspore")
    v.add_argument("--atol", type=float, default=Tolerance.atol)
    v.add_argument("--rtol", type=float, default=Tolerance.rtol,
                   help="within tolerance: max|diff| <= atol + rtol * max|torch value|")
    v.add_argument("--norm-steps", type=int, default=0, metavar="N",
                   help="first N forward passes with only the norm layers in training mode, so running "
                        "statistics update (BatchNorm momentum shows only then)")
    v.add_argument("--seed", type=int, default=0)
    v.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_verify(args: argparse.Namespace) -> int:
    from translator.diagnostics import TranslatorError
    from translator.verify.command import error_json, run_verify

    try:
        return run_verify(args)
    except TranslatorError as exc:
        if not args.json:
            raise
        return error_json(str(exc), args.to, Tolerance(args.atol, args.rtol))
