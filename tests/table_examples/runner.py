"""Run every table example in one framework, in this process only.

    python -m tests.table_examples.runner torch OUT.pkl
    python -m tests.table_examples.runner TARGET TORCH.pkl OUT.json

The torch run (once: the examples are torch facts, shared by the targets) records inputs, layer
weights and outputs of every example; each target run translates each example
with the real translator, loads the same weights through the entry's ``weights`` map, runs, and
compares values, shapes and dtypes. One process per framework keeps each imported once.
"""

from __future__ import annotations

import json
import linecache
import pickle
import re
import sys
import traceback
import types
import zlib
from typing import Any

import numpy as np

from tests.table_examples.examples import cases, torch_id, torch_module
from tests.table_examples.inputs import make_input
from translator.tables import load_tables
from translator.tables.loader import load_torch_facts

RTOL = 1e-5


def _run_case(fw: Any, code: str, inputs: dict[str, Any], weights: dict | None, train: bool,
              seed: str) -> tuple[Any, dict | None]:
    tensors = {k: fw.tensor(v) for k, v in inputs.items()}
    # a real module with source lines: torch.jit.script and friends read the source back
    name = f"t2ms_example_{zlib.crc32(seed.encode())}"
    module = types.ModuleType(name)
    module.__dict__.update(fw.namespace)
    module.__dict__.update(tensors)
    filename = f"<{name}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    sys.modules[name] = module
    exec(compile(code, filename, "exec"), module.__dict__)  # our own tables' examples
    obj = module.__dict__["_result"]
    if fw.is_layer(obj):
        if weights is None:
            weights = fw.randomize(obj, np.random.RandomState(zlib.crc32(seed.encode()) % 2**31))
        else:
            expected = fw.param_names(obj)
            # a target layer may hold parameters torch's lacks (MindSpore's BatchNorm keeps gamma
            # and beta, frozen, when affine=False): they keep their initial values
            if not set(weights) <= expected:
                raise AssertionError(f"weights map gives {sorted(weights)}, target layer has {sorted(expected)}")
            fw.load(obj, weights)
        fw.eval_mode(obj, train)
        if tensors:  # a layer example without inputs only builds the layer (compare: runs)
            obj = obj(*tensors.values())
    return fw.to_plain(obj), weights


def run_torch(out_path: str) -> None:
    from tests.table_examples.frameworks import Torch

    fw = Torch()
    results = {}
    for key, facts in sorted(load_torch_facts().items()):
        for i, example in enumerate(facts.examples):
            ident = torch_id(key, i)
            inputs = {k: make_input(v, f"{ident}:{k}") for k, v in example.inputs.items()}
            try:
                out, weights = _run_case(fw, torch_module(example.call), inputs, None, example.train, ident)
                results[ident] = {"inputs": inputs, "weights": weights, "output": out}
            except Exception:
                results[ident] = {"error": traceback.format_exc(limit=3)}
    with open(out_path, "wb") as f:
        pickle.dump(results, f)


def _map_weights(entry: Any, weights: dict[str, np.ndarray] | None) -> dict[str, np.ndarray] | None:
    if weights is None:
        return None
    out = {}
    for key, value in weights.items():
        module, _, leaf = key.rpartition(".")
        rule = entry.weights.get(leaf)
        if rule is None and leaf not in entry.weights:
            raise AssertionError(f"entry has no weights rule for {key!r}")
        if rule is None or rule.name is None:
            continue
        name = f"{module}.{rule.name}" if module else rule.name
        if rule.transpose:
            value = value.T.copy()
        if rule.unsqueeze is not None:
            value = np.expand_dims(value, rule.unsqueeze)
        out[name] = value
    return out


def _layer_translated(case: Any) -> Any:
    """The entry whose weight rules the translation used: an entry's layout-keeping layer
    (TorchLinear) where the layout analysis chose it (translator/rewrite/layout.py)."""
    variant = case.entry.torch_layout
    if variant is not None and re.search(rf"\b{re.escape(variant.target)}\(", case.translated):
        return variant
    return case.entry


def compare(ref: Any, got: Any, mode: str, path: str = "out") -> None:
    if mode == "runs":
        return
    if isinstance(ref, np.ndarray):
        if not isinstance(got, np.ndarray):
            raise AssertionError(f"{path}: expected an array, got {type(got).__name__}")
        if ref.shape != got.shape:
            raise AssertionError(f"{path}: shape {got.shape} != torch {ref.shape}")
        if ref.dtype != got.dtype:
            raise AssertionError(f"{path}: dtype {got.dtype} != torch {ref.dtype}")
        if mode == "values" and ref.size:
            if ref.dtype == bool or np.issubdtype(ref.dtype, np.integer):
                if not np.array_equal(ref, got):
                    raise AssertionError(f"{path}: values differ")
            else:
                scale = max(1.0, float(np.nanmax(np.abs(ref))) if np.isfinite(ref).any() else 1.0)
                diff = np.nanmax(np.abs(ref.astype(np.float64) - got.astype(np.float64)))
                if not np.array_equal(np.isnan(ref), np.isnan(got)) or diff > RTOL * scale * 10:
                    raise AssertionError(f"{path}: max |diff| {diff:.3g} (scale {scale:.3g})")
        return
    if isinstance(ref, list):
        if not isinstance(got, list) or len(ref) != len(got):
            raise AssertionError(f"{path}: expected a sequence of {len(ref)}, got {got!r:.80}")
        for i, (r, g) in enumerate(zip(ref, got, strict=True)):
            compare(r, g, mode, f"{path}[{i}]")
        return
    if isinstance(ref, float) and isinstance(got, float):
        if abs(ref - got) > RTOL * max(1.0, abs(ref)):
            raise AssertionError(f"{path}: {got} != torch {ref}")
        return
    if type(ref) is not type(got) or ref != got:
        raise AssertionError(f"{path}: {got!r:.80} != torch {ref!r:.80}")


def run_target(target: str, torch_path: str, out_path: str) -> None:
    from tests.table_examples.frameworks import target_framework

    fw = target_framework(target, load_tables(target).target.modules)
    with open(torch_path, "rb") as f:
        torch_results = pickle.load(f)
    verdicts = {}
    for case in cases(target):
        if case.keeps_torch:
            # an example of what must stay torch: nothing runs in the target, the proof is that
            # the call is kept and marked (the text test pins the exact expectation)
            kept = case.example.expect is not None and bool(case.todos) or case.keeps_api
            verdicts[case.id] = "ok" if kept else "an unsupported entry's example must keep the call and add a TODO"
            continue
        ref = torch_results.get(case.torch_id, {"error": "torch side did not run"})
        if "error" in ref:
            verdicts[case.id] = f"torch side failed: {ref['error']}"
            continue
        try:
            weights = _map_weights(_layer_translated(case), ref["weights"])
            got, _ = _run_case(fw, case.module_code, ref["inputs"], weights or ({} if weights is not None else None),
                               case.example.train, case.id)
            if ref["weights"] is not None and weights is None:
                raise AssertionError("torch built a layer, target did not")
            compare(ref["output"], got, case.example.compare)
            verdicts[case.id] = "ok"
        except Exception as exc:  # every failure is reported per example
            verdicts[case.id] = f"{type(exc).__name__}: {exc}"[:2000]
        if case.example.known_failure and not verdicts[case.id].startswith("torch side"):
            # recorded as wrong in this target: it must still be wrong, else the record goes
            verdicts[case.id] = ("ok" if verdicts[case.id] != "ok" else
                                 f"passes now: remove it from known_failures in {case.entry.file}")
    with open(out_path, "w") as f:
        json.dump(verdicts, f, indent=1)


if __name__ == "__main__":
    if sys.argv[1] == "torch":
        run_torch(sys.argv[2])
    else:
        run_target(sys.argv[1], sys.argv[2], sys.argv[3])
