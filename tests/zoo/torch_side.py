"""PyTorch side of the zoo harness: build each model from the ORIGINAL package, randomise its norm
statistics (tests/parity/torch_side.py), save state_dict, input and outputs.

A model whose list entry has ``calibrate_norms: <reason>`` gets its BatchNorm statistics from the
input instead (``calibrate_norms``): with random statistics that do not fit the activations, a
network initialised with small weights (ssdlite's convolutions: std 0.03) shrinks its activations
layer by layer until every BatchNorm outputs its bias, so the output no longer depends on the input
and thousands of detection scores are exactly equal; which of them a top-k keeps is then decided by
the kernels' order of equal values, not by the model. Statistics measured on the input (as a
trained model's are on its data) keep the activations alive; the affine parameters stay random, and
the measured statistics differ per channel, so a swapped or dropped statistic still shows.

Usage: python -m tests.zoo.torch_side JOBS.json   (the package root first on PYTHONPATH)
Per model, in its ``dir``: weights.pth, input.npz (in0, ...), output.npz (out0, out1, ... in flatten order).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

from tests import torchvision_kernels
from tests.zoo.sides import build, describe, flatten, make_inputs, read_jobs, record, use_parity_helpers


def calibrate_norms(model: Any, inputs: list[Any]) -> None:
    """Set every BatchNorm's running mean and variance to those of its input in one eval-mode pass
    over ``inputs``, each layer measured after the layers before it were set (a pre-hook). A
    channel holding a single value (a 1x1 map of one image) keeps its random statistics: its
    variance would be 0."""
    import torch

    def measure(module: Any, args: tuple) -> None:
        x = args[0]
        if x.numel() // x.shape[1] > 1:
            dims = [d for d in range(x.ndim) if d != 1]
            module.running_mean.copy_(x.mean(dims))
            module.running_var.copy_(x.var(dims, unbiased=False))

    norms = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)
             and m.running_mean is not None]
    hooks = [m.register_forward_pre_hook(measure) for m in norms]
    try:
        with torch.no_grad():
            model(*inputs)
    finally:
        for hook in hooks:
            hook.remove()


def run_one(job: dict, root: str) -> None:
    import torch
    import torch_side  # tests/parity/torch_side.py

    outdir = Path(job["dir"])
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        torch.manual_seed(torch_side.SEED)
        model = build(job["build"])
        torch_side.randomise(model, torch.Generator().manual_seed(torch_side.SEED + 1))
        model.eval()
        xs = make_inputs(job["input"])
        if job.get("calibrate_norms"):
            calibrate_norms(model, [torch.from_numpy(x) for x in xs])
        with torch.no_grad():
            outs = [t.detach().cpu().numpy() for t in flatten(model(*map(torch.from_numpy, xs)), torch.is_tensor)]
        if not all(np.isfinite(y).all() for y in outs):
            raise ValueError("torch output has non-finite values")
        torch.save(model.state_dict(), outdir / "weights.pth")
        np.savez(outdir / "input.npz", **{f"in{i}": x for i, x in enumerate(xs)})
        np.savez(outdir / "output.npz", **{f"out{i}": y for i, y in enumerate(outs)})
    except Exception as exc:  # one model's failure is its row, the others go on
        record(job, "torch", describe(exc, root))
        return
    record(job, "ok")


def main(argv: list[str]) -> None:
    jobs = read_jobs(argv[0])
    use_parity_helpers()
    torchvision_kernels.register()
    for job in jobs["models"]:
        run_one(job, jobs["root"])
        print(job["name"], flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
