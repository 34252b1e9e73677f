"""Speed budget: translating timm's models/ must cost at most 1.5x libcst's parse + print.

    python -m tests.bench.speed [--target mindspore]

Prints both times, measured in this one run on the same files, and their ratio. A benchmark,
not a test: timings depend on the machine, the ratio much less.
"""

from __future__ import annotations

import argparse
import time

import libcst

from tests.corpus.fetch import model_sources
from translator.engine import translate_source
from translator.tables import load_tables

BUDGET = 1.5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="mindspore")
    args = parser.parse_args()
    files = sorted(model_sources("timm").rglob("*.py"))
    sources = [(str(p), p.read_text(encoding="utf-8")) for p in files]
    lines = sum(s.count("\n") for _, s in sources)

    start = time.perf_counter()
    for _, text in sources:
        libcst.parse_module(text).code  # noqa: B018 - printing is part of the baseline
    baseline = time.perf_counter() - start

    tables = load_tables(args.target)
    start = time.perf_counter()
    for path, text in sources:
        translate_source(text, path, tables)
    ours = time.perf_counter() - start

    ratio = ours / baseline
    print(f"{len(files)} files, {lines} lines (timm models/)")
    print(f"libcst parse + print: {baseline:.2f} s")
    print(f"torch2ms translate --to {args.target}: {ours:.2f} s")
    print(f"ratio: {ratio:.2f}x (budget {BUDGET}x) -> {'within' if ratio <= BUDGET else 'OVER'} budget")


if __name__ == "__main__":
    main()
