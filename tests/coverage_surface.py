"""How much of torch's API surface the tables decide, per target and per namespace.

    python -m tests.coverage_surface [--target mindspore|paddle] [--format text|json] [--missing]

The surface is ``api_tables/torch/surface.txt`` (1,371 names). A name is *decided* by a target
when its tables hold an entry for it, *translated* when that entry is not ``unsupported``,
*unsupported* otherwise. Tensor methods are keyed ``Tensor.<name>`` in the tables (the surface
writes ``torch.Tensor.<name>``). The goal (issue 10): decided >= 95% and translated >= 80% of the
surface, for each target. ``--missing`` lists the names a target does not decide.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from translator.tables import load_tables
from translator.tables.loader import TABLES_DIR, available_targets

SURFACE = TABLES_DIR / "torch" / "surface.txt"
NAMESPACES = ("torch", "torch.Tensor", "torch.nn layers", "torch.nn.functional", "torch.nn.init",
              "torch.linalg", "torch.fft", "torch.special")
GOAL_DECIDED, GOAL_TRANSLATED = 0.95, 0.80


@dataclass
class Count:
    total: int = 0
    decided: int = 0
    translated: int = 0
    unsupported: int = 0
    missing: list[str] = field(default_factory=list)


def surface_names(path: Path = SURFACE) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def namespace(name: str) -> str:
    for prefix in ("torch.Tensor", "torch.nn.functional", "torch.nn.init", "torch.linalg", "torch.fft",
                   "torch.special"):
        if name == prefix or name.startswith(prefix + "."):
            return prefix
    return "torch.nn layers" if name.startswith("torch.nn.") else "torch"


def table_key(name: str) -> str:
    """The tables' key for a surface name: methods are ``Tensor.<name>``."""
    return "Tensor." + name[len("torch.Tensor."):] if name.startswith("torch.Tensor.") else name


def report(target: str, names: list[str]) -> dict[str, Count]:
    entries = load_tables(target).entries
    counts = {ns: Count() for ns in (*NAMESPACES, "all")}
    for name in names:
        entry = entries.get(table_key(name))
        for ns in (namespace(name), "all"):
            c = counts[ns]
            c.total += 1
            if entry is None:
                c.missing.append(name)
                continue
            c.decided += 1
            if entry.unsupported:
                c.unsupported += 1
            else:
                c.translated += 1
    return counts


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def render(target: str, counts: dict[str, Count]) -> str:
    rows = [f"{target}: {'namespace':<22}{'total':>7}{'decided':>9}{'translated':>12}{'unsupported':>13}"
            f"{'decided%':>10}{'translated%':>13}"]
    for ns, c in counts.items():
        rows.append(f"{'':{len(target) + 2}}{ns:<22}{c.total:>7}{c.decided:>9}{c.translated:>12}{c.unsupported:>13}"
                    f"{_pct(c.decided, c.total):>10}{_pct(c.translated, c.total):>13}")
    total = counts["all"]
    decided_ok = total.total and total.decided / total.total >= GOAL_DECIDED
    translated_ok = total.total and total.translated / total.total >= GOAL_TRANSLATED
    rows.append(f"{'':{len(target) + 2}}goal: decided >= {GOAL_DECIDED:.0%}: {'met' if decided_ok else 'NOT met'}"
                f" ({_pct(total.decided, total.total).strip()}); translated >= {GOAL_TRANSLATED:.0%}: "
                f"{'met' if translated_ok else 'NOT met'} ({_pct(total.translated, total.total).strip()})")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=available_targets(), action="append")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--missing", action="store_true", help="list the names not decided")
    args = parser.parse_args(argv)
    names = surface_names()
    results = {t: report(t, names) for t in args.target or available_targets()}
    if args.format == "json":
        print(json.dumps({t: {ns: asdict(c) for ns, c in counts.items()} for t, counts in results.items()}, indent=1))
        return 0
    for target, counts in results.items():
        print(render(target, counts))
        if args.missing:
            print("\n".join(f"  not decided: {n}" for n in counts["all"].missing))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
