"""The options of ``torch2ms scan`` (kept beside, not inside, the command line's other parsers)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from translator.report import FORMATS
from translator.tables.loader import available_targets


def _percent(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text}: a percentage between 0 and 100")
    return value


def _jobs(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: at least 1")
    return value


def add_scan_arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument("sources", nargs="+", type=Path, metavar="SRC")
    s.add_argument("--to", default="mindspore", choices=available_targets())
    s.add_argument("--table", action="append", default=[], type=Path, metavar="EXTRA.yaml")
    s.add_argument("--format", choices=FORMATS, default="text")
    s.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here (default: stdout)")
    s.add_argument("--fail-on", choices=["todo", "note"],
                   help="exit 1 when a (new) finding of this category or worse remains")
    s.add_argument("--fail-on-todo", action="store_const", const="todo", dest="fail_on",
                   help=argparse.SUPPRESS)  # the option's earlier spelling
    s.add_argument("--fail-under", type=_percent, metavar="PCT",
                   help="exit 1 when under PCT%% of torch API uses translate automatically")
    s.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="leave out matching files and folders (repeatable)")
    s.add_argument("--baseline", type=Path, metavar="FILE",
                   help="findings recorded in FILE are accepted: only new ones fail")
    s.add_argument("--write-baseline", type=Path, metavar="FILE",
                   help="record today's findings in FILE (then exit 0)")
    s.add_argument("--jobs", "-j", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                   help="processes to scan with (default: the number of cores)")
    s.add_argument("--no-progress", action="store_true", help="never show the progress bar")
