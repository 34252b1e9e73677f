"""Run a model zoo through the user's path and print one row per model and target, then totals.

    python -m tests.zoo.run --zoo timm --target mindspore,paddle [--models a,b] [--limit N] [--work DIR]

See tests/zoo/harness.py for the stages. ``--work`` keeps translations, references and converted
weights between runs (the default is a fresh temporary folder per run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.zoo.harness import TARGETS, ZOOS, Harness, load_models, totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.zoo.run", description=__doc__.splitlines()[0])
    parser.add_argument("--zoo", required=True, choices=sorted(ZOOS))
    parser.add_argument("--target", default="mindspore,paddle", help="mindspore, paddle or both, comma-separated")
    parser.add_argument("--models", help="comma-separated model names from the zoo's list")
    parser.add_argument("--limit", type=int, help="only the first N models of the list")
    parser.add_argument("--work", type=Path, help="folder for translations and results (kept)")
    args = parser.parse_args(argv)
    targets = [t.strip() for t in args.target.split(",") if t.strip()]
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target {unknown}; choose from {sorted(TARGETS)}")
    zoo = ZOOS[args.zoo]
    models = load_models(zoo, args.models.split(",") if args.models else None, args.limit)
    work = args.work or Path(tempfile.mkdtemp(prefix=f"torch2ms-zoo-{zoo.name}-"))
    print(f"# zoo {zoo.name}: {len(models)} models, targets {', '.join(targets)}, work folder {work}", flush=True)
    rows = Harness(zoo, work, log=lambda s: print(s, flush=True)).run(
        models, targets, on_row=lambda row: print(row.line(), flush=True))
    print(totals(rows))
    return 0 if all(r.stage in ("matched", "unsupported") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
