"""``torch2ms verify``: orchestration. This process imports no framework and none of the user's
code; it makes the inputs, starts one side process per framework (torch first: its weights, as
numpy, go to the target sides, which convert them with the ``weights convert`` code), and
compares what the sides recorded."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

import translator
from translator.diagnostics import TranslatorError
from translator.verify.divergence import compare_sides
from translator.verify.inputs import make_inputs, save_inputs
from translator.verify.recorder import ROOT_NAME
from translator.verify.report import EXIT_ERROR, Verdict, to_json, to_text
from translator.verify.results import SideResult, read_side
from translator.verify.spec import ModelSpec, parse_spec
from translator.verify.tolerance import Tolerance

SIDE_TIMEOUT_S = 1800
ERROR_TAIL = 4000
# MindSpore's C++ log level 3 is "errors only"; Paddle reads GLOG_v as verbosity, so not for it
SIDE_ENV = {"mindspore": {"GLOG_v": "3"}, "paddle": {}, "torch": {}}


@dataclass(frozen=True)
class Translation:
    spec: ModelSpec
    weight_map: dict[str, Any]
    target: str


def _job(spec: ModelSpec, folder: Path, inputs: list[str], seed: int, norm_steps: int, **extra: Any) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    return {"spec": vars(spec), "inputs": inputs, "seed": seed, "norm_steps": norm_steps,
            "meta": str(folder / "meta.json"), "result": str(folder / "result.npz"), **extra}


def run_side(framework: str, jobs: list[dict], workdir: Path) -> list[SideResult]:
    """One process for all of a framework's jobs."""
    request = workdir / f"request_{framework}.json"
    request.write_text(json.dumps({"framework": framework, "jobs": jobs}), encoding="utf-8")
    package_parent = str(Path(translator.__file__).resolve().parents[1])
    env = {**os.environ, **SIDE_ENV[framework],
           "PYTHONPATH": os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)}
    try:
        proc = subprocess.run([sys.executable, "-m", "translator.verify.side", str(request)], env=env,
                              capture_output=True, text=True, timeout=SIDE_TIMEOUT_S, check=False)
        problem = None if proc.returncode == 0 else \
            f"the {framework} process exited with {proc.returncode}:\n{proc.stderr[-ERROR_TAIL:]}"
    except subprocess.TimeoutExpired:
        problem = f"the {framework} process took longer than {SIDE_TIMEOUT_S}s"
    return [read_side(framework, Path(j["meta"]), Path(j["result"]), problem) for j in jobs]


def verify_translations(torch_spec: ModelSpec, translations: list[Translation], inputs: list[np.ndarray],
                        workdir: Path, tol: Tolerance, weights: Path | None = None, seed: int = 0,
                        norm_steps: int = 0) -> list[Verdict]:
    """Several translations of one torch model: torch runs once, each target framework once."""
    input_paths = save_inputs(inputs, workdir)
    state_out = workdir / "torch" / "state.npz"
    torch_job = _job(torch_spec, workdir / "torch", input_paths, seed, norm_steps,
                     weights=str(weights) if weights else None, state_out=str(state_out))
    reference = run_side("torch", [torch_job], workdir)[0]
    verdicts = [Verdict(t.target, tol) for t in translations]
    if reference.error is not None:
        for v in verdicts:
            v.error = f"torch side ({torch_spec.text}): {reference.error}"
        return verdicts
    root_class = reference.layers[ROOT_NAME]["type"]
    jobs: dict[str, list[tuple[int, dict]]] = {}
    for i, t in enumerate(translations):
        root = root_class if root_class in (t.weight_map.get("classes") or {}) else None
        jobs.setdefault(t.target, []).append((i, _job(t.spec, workdir / f"{t.target}_{i}", input_paths, seed,
                                                      norm_steps, state=str(state_out), weight_map=t.weight_map,
                                                      root=root)))
    for target, indexed in jobs.items():
        for (i, _), result in zip(indexed, run_side(target, [j for _, j in indexed], workdir), strict=True):
            if result.error is not None:
                verdicts[i].error = f"{target} side ({translations[i].spec.text}): {result.error}"
            else:
                verdicts[i].comparison = compare_sides(reference, result, result.renamed, tol)
    return verdicts


def weight_map_for(torch_spec: ModelSpec, target: str, workdir: Path) -> dict[str, Any]:
    """No --map: translate the torch sources again (translation imports no framework) for it."""
    source, out, map_path = torch_spec.source_path(), workdir / "retranslated", workdir / "weight_map.yaml"
    proc = subprocess.run([sys.executable, "-m", "translator", "translate", str(source), "-o",
                           str(out / source.name), "--to", target, "--weight-map", str(map_path), "-q"],
                          capture_output=True, text=True, check=False)
    if not map_path.is_file():
        raise TranslatorError(f"no --map given and translating {source} for one failed:\n{proc.stderr[-ERROR_TAIL:]}")
    return load_map(map_path)


def load_map(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TranslatorError(f"{path}: cannot read weight map: {exc}") from None
    if not isinstance(doc, dict):
        raise TranslatorError(f"{path}: not a weight map (expected a mapping with 'layers' and 'classes')")
    return doc


def run_verify(args: argparse.Namespace) -> int:
    torch_spec = parse_spec(args.torch, "--torch")
    translated = parse_spec(args.translated, "--translated")
    inputs = make_inputs(args.inputs or [], args.seed)
    tol = Tolerance(args.atol, args.rtol)
    if args.weights is not None and not args.weights.is_file():
        raise TranslatorError(f"--weights {args.weights}: no such file")
    with tempfile.TemporaryDirectory(prefix="torch2ms_verify_") as tmp:
        workdir = Path(tmp)
        if args.map is not None:
            doc = load_map(args.map)
            if args.to and doc.get("target") and doc["target"] != args.to:
                raise TranslatorError(f"{args.map} was generated for {doc['target']}, not {args.to}")
            target = args.to or doc.get("target") or "mindspore"
        else:
            target = args.to or "mindspore"
            doc = weight_map_for(torch_spec, target, workdir)
        verdict = verify_translations(torch_spec, [Translation(translated, doc, target)], inputs, workdir, tol,
                                      args.weights, args.seed, args.norm_steps)[0]
    if args.json:
        print(json.dumps(to_json(verdict), indent=1))
    else:
        print(to_text(verdict))
    return verdict.exit_code


def error_json(message: str, target: str | None, tol: Tolerance) -> int:
    """--json still prints its shape when verify cannot start (bad spec, unreadable map)."""
    print(json.dumps(to_json(Verdict(target or "", tol, error=message)), indent=1))
    return EXIT_ERROR
