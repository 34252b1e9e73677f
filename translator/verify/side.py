"""One framework's side of a verification, run as ``python -m translator.verify.side REQUEST.json``.

Each framework runs in a process of its own (MindSpore and Paddle cannot always share one with
torch or with each other). A request holds several jobs (models) for the same framework, so
checking many translations costs one framework start. Per job the side writes ``meta`` (JSON:
error, output paths and shapes, layers with type and constructor arguments, layer calls) and
``result`` (npz: outputs, every layer call's inputs and outputs).

Frameworks other than torch run with ``import torch`` blocked: translated code must not need it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import json
import sys
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from translator.verify.recorder import ROOT_NAME, Recorder, flatten
from translator.verify.spec import ModelSpec, build_model

FRAMEWORKS = ("torch", "mindspore", "paddle")
TRACEBACK_LINES = 12


class _TorchBlocker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        if fullname.split(".", 1)[0] == "torch":
            raise ImportError(f"import of {fullname!r} blocked: translated code must not need torch")


def _arrays(fw: Any, paths: list[str]) -> list[Any]:
    return [fw.from_numpy(np.load(p)) for p in paths]


def run_job(fw: Any, job: dict[str, Any]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    fw.setup(job["seed"])
    spec = ModelSpec(**job["spec"])
    net = build_model(spec)
    if not fw.is_model(net):
        raise TypeError(f"{spec.text} built a {type(net).__name__}, not a {fw.MODEL_KIND}")
    renamed = fw.load_weights(net, job)
    for _ in range(job.get("norm_steps", 0)):
        fw.set_mode(net, norm_train=True)
        fw.forward(net, _arrays(fw, job["inputs"]))
    fw.set_mode(net, norm_train=False)
    # outputs from a pass without hooks, so a hook can never change what is compared
    outputs = flatten(fw.forward(net, _arrays(fw, job["inputs"])), fw.to_numpy)
    layers = [(ROOT_NAME, net), *fw.named_layers(net)]
    recorder = Recorder(fw.to_numpy)
    for name, layer in layers:
        fw.add_hooks(layer, recorder.pre_hook_for(name), recorder.hook_for(name))
    recorder.active = True
    fw.forward(net, _arrays(fw, job["inputs"]))
    recorder.active = False

    arrays: dict[str, np.ndarray] = {f"o{i}": a for i, (_, a) in enumerate(outputs)}
    calls = []
    for k, c in enumerate(recorder.calls):
        arrays.update({f"c{k}i{j}": a for j, a in enumerate(c.inputs)})
        arrays.update({f"c{k}o{j}": a for j, (_, a) in enumerate(c.outputs)})
        calls.append({"name": c.name, "call": c.call, "inputs": len(c.inputs), "outputs": [p for p, _ in c.outputs]})
    meta = {
        "error": None,
        "outputs": [p for p, _ in outputs],
        "layers": [{"name": name, "type": type(layer).__name__, "args": fw.layer_args(layer)}
                   for name, layer in layers],
        "calls": calls,
        "renamed": renamed,
    }
    return meta, arrays


def _error_text(exc: BaseException) -> str:
    # the message first (the zoo prints one line), then where it came from
    frames = traceback.format_exception(type(exc), exc, exc.__traceback__)[:-1]
    return f"{type(exc).__name__}: {exc}\n" + "".join(frames[-TRACEBACK_LINES:]).rstrip()


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    framework = request["framework"]
    if framework not in FRAMEWORKS:
        print(f"unknown framework {framework!r}", file=sys.stderr)
        return 2
    if framework != "torch":
        sys.meta_path.insert(0, _TorchBlocker())
    fw = importlib.import_module(f"translator.verify.{framework}_side")
    for job in request["jobs"]:
        try:
            meta, arrays = run_job(fw, job)
            np.savez(job["result"], **arrays)
        except Exception as exc:  # the user's model code can raise anything; report it per job
            meta = {"error": _error_text(exc)}
        Path(job["meta"]).write_text(json.dumps(meta), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
