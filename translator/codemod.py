"""torch2ms as a libcst codemod (needs the optional ``libcst`` extra; translate and scan never
import this module)::

    python -m libcst.tool codemod -x translator.codemod.TranslateCommand --to paddle PATH

or ``codemod.TranslateCommand`` with ``translator`` listed under ``modules`` in
``.libcst.codemod.yaml``. It wraps the same engine as ``torch2ms translate`` and produces the same
text (the engine's text edits, not a CST rewrite; libcst only parses the result to hand it back),
so libcst's runner, parallelism, ``--unified-diff`` and formatter hooks apply to it. TODOs become
codemod warnings; a file the engine cannot translate is skipped with the reason.
"""

from __future__ import annotations

import argparse
from functools import lru_cache
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodCommand, CodemodContext, SkipFile

from translator.engine import translate_source
from translator.tables.loader import available_targets, load_tables
from translator.tables.schema import Tables


@lru_cache(maxsize=4)
def _tables(target: str, extra: tuple[str, ...]) -> Tables:
    return load_tables(target, [Path(p) for p in extra])


class TranslateCommand(CodemodCommand):
    DESCRIPTION: str = "Translate PyTorch code to MindSpore or PaddlePaddle (torch2ms)."

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--to", dest="to", default="mindspore", choices=available_targets(),
                                help="target framework (as torch2ms translate --to)")
        arg_parser.add_argument("--table", dest="table", action="append", default=[], metavar="EXTRA.yaml",
                                help="extra table entries (as torch2ms translate --table)")

    def __init__(self, context: CodemodContext, to: str = "mindspore", table: list[str] | None = None) -> None:
        super().__init__(context)
        self.tables = _tables(to, tuple(table or ()))

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        path = self.context.filename or "<stdin>"
        result = translate_source(tree.code, path, self.tables)
        if result.status == "failed" or result.code is None:
            raise SkipFile("; ".join(str(d) for d in result.diagnostics) or "not translated")
        for todo in result.todos:
            self.warn(f"line {todo.line}: {todo.comment}")
        if result.status == "unchanged":
            return tree
        # the same encoding, newline and indentation as the input: libcst writes code back with them
        config = cst.PartialParserConfig(encoding=tree.encoding, default_newline=tree.default_newline,
                                         default_indent=tree.default_indent)
        return cst.parse_module(result.code, config=config)
