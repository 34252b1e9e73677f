"""PyTorch side of the zoo harness: build each model from the ORIGINAL package, randomise its norm
statistics (tests/parity/torch_side.py), save state_dict, input and outputs.

Usage: python -m tests.zoo.torch_side JOBS.json   (the package root first on PYTHONPATH)
Per model, in its ``dir``: weights.pth, input.npz (in0, ...), output.npz (out0, out1, ... in flatten order).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from tests import torchvision_kernels
from tests.zoo.sides import build, describe, flatten, make_inputs, read_jobs, record, use_parity_helpers


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
