"""``torch2ms weights convert``: a torch checkpoint in, a target checkpoint out, or an error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

from translator.diagnostics import TranslatorError
from translator.weights.checkpoint_io import load_state_dict, save_checkpoint, translated_model_keys
from translator.weights.evidence import table_patterns
from translator.weights.rename import Patterns, plan_renames


def convert_state(state: dict[str, np.ndarray], doc: dict, root: str | None = None,
                  model_keys: dict[str, tuple[int, ...]] | None = None, patterns: Patterns | None = None):
    plan = plan_renames({k: tuple(v.shape) for k, v in state.items()}, doc, root, model_keys, patterns)
    out: dict[str, np.ndarray] = {}
    for r in plan.renames:
        if r.target is None:
            continue
        value = state[r.source]
        if r.transpose:
            value = value.T.copy()
        if r.unsqueeze is not None:
            value = np.expand_dims(value, r.unsqueeze)
        out[r.target] = value
    return out, plan


def compare_with_model(converted: dict[str, np.ndarray], model: dict[str, tuple[int, ...]]) -> list[str]:
    """Both directions: model parameters nothing fills, converted keys the model lacks, shapes."""
    lines = [f"{k}: the model has it, the checkpoint does not fill it" for k in sorted(set(model) - set(converted))]
    lines += [f"{k}: in the checkpoint, not in the model" for k in sorted(set(converted) - set(model))]
    lines += [f"{k}: checkpoint shape {tuple(converted[k].shape)}, model shape {model[k]}"
              for k in sorted(set(model) & set(converted)) if tuple(converted[k].shape) != tuple(model[k])]
    return lines


def run_convert(args: argparse.Namespace) -> int:
    try:
        # a zoo's map is megabytes: libyaml's loader when present reads it in a tenth of the time
        doc = yaml.load(args.map.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise TranslatorError(f"{args.map}: cannot read weight map: {exc}") from None
    target = args.to or doc.get("target")
    if doc.get("target") and args.to and args.to != doc["target"]:
        raise TranslatorError(f"{args.map} was generated for {doc['target']}, not {args.to}")
    state = load_state_dict(args.input)
    model_keys = translated_model_keys(args.model, target) if args.model else None
    out, plan = convert_state(state, doc, args.root, model_keys, table_patterns(target))
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    if plan.unmapped:
        print(f"error: {len(plan.unmapped)} torch keys cannot be mapped; nothing written:", file=sys.stderr)
        for key, why in plan.unmapped:
            print(f"  {key}: {why}", file=sys.stderr)
        return 1
    if model_keys is not None:
        problems = compare_with_model(out, model_keys)
        if problems:
            print(f"error: the converted checkpoint does not fit {args.model}; nothing written:", file=sys.stderr)
            for line in problems:
                print(f"  {line}", file=sys.stderr)
            return 1
    dropped = [r.source for r in plan.renames if r.target is None]
    save_checkpoint(out, Path(args.output), target)
    print(f"{len(out)} tensors written to {args.output} ({len(dropped)} torch-only keys dropped"
          f"{': ' + ', '.join(sorted({d.rsplit('.', 1)[-1] for d in dropped})) if dropped else ''})",
          file=sys.stderr)
    return 0
