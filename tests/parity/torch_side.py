"""Reference run: build a fixture in PyTorch, randomise it, save weights, input and output.

Usage: python tests/parity/torch_side.py FIXTURE_PY OUTDIR

Writes OUTDIR/weights.pth (state_dict), OUTDIR/input.npy and OUTDIR/output.npy.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch
from _common import fail, import_from_path
from torch import nn

SEED = 0


def _is_norm(module: nn.Module) -> bool:
    # Class-name test as well as isinstance: FrozenBatchNorm2d-style modules are plain
    # nn.Module subclasses defined in the fixture itself.
    norm_types = (nn.modules.batchnorm._NormBase, nn.GroupNorm, nn.LayerNorm)
    return isinstance(module, norm_types) or "Norm" in type(module).__name__


@torch.no_grad()
def randomise(model: nn.Module, gen: torch.Generator) -> None:
    """Replace values that would hide mapping bugs.

    Fresh BN statistics are mean 0 / var 1 and fresh affine params 1 / 0, so swapping,
    dropping or mis-naming them changes nothing. Same for any all-constant tensor (zeros
    biases, zero-initialised position tables).
    """
    for module in model.modules():
        if not _is_norm(module):
            continue
        for name, tensor in [*module.named_parameters(recurse=False), *module.named_buffers(recurse=False)]:
            if not tensor.is_floating_point():
                continue  # num_batches_tracked
            if name == "running_mean":
                tensor.copy_(torch.randn(tensor.shape, generator=gen) * 0.5)
            elif name == "running_var":
                tensor.copy_(torch.rand(tensor.shape, generator=gen) * 1.5 + 0.5)
            elif name == "weight":
                tensor.copy_(torch.rand(tensor.shape, generator=gen) + 0.5)
            elif name == "bias":
                tensor.copy_(torch.randn(tensor.shape, generator=gen) * 0.2)
    for name, tensor in model.state_dict().items():
        if tensor.is_floating_point() and tensor.numel() > 1 and bool((tensor == tensor.flatten()[0]).all()):
            tensor.copy_(torch.randn(tensor.shape, generator=gen) * 0.1)
            print(f"randomised constant tensor {name} {tuple(tensor.shape)}")


def make_input(spec: dict[str, object]) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    shape = tuple(spec["shape"])  # type: ignore[arg-type]
    dtype = np.dtype(str(spec["dtype"]))
    if np.issubdtype(dtype, np.integer):
        return rng.integers(0, int(spec["high"]), size=shape).astype(dtype)  # type: ignore[call-overload]
    return rng.standard_normal(shape).astype(dtype)


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        fail("usage: torch_side.py FIXTURE_PY OUTDIR")
    fixture, outdir = Path(argv[0]), Path(argv[1])
    outdir.mkdir(parents=True, exist_ok=True)
    module = import_from_path(fixture)

    torch.manual_seed(SEED)
    model = module.build_model()
    randomise(model, torch.Generator().manual_seed(SEED + 1))
    model.eval()

    x = make_input(module.INPUT)
    with torch.no_grad():
        out = model(torch.from_numpy(x))
    if not isinstance(out, torch.Tensor):
        fail(f"model returned {type(out).__name__}, expected a single Tensor")
    y = out.detach().cpu().numpy()
    if not np.isfinite(y).all():
        fail("torch output has non-finite values")
    if y.size > 1 and np.ptp(y) == 0:
        fail("torch output is constant: the fixture would not detect mapping bugs")

    torch.save(model.state_dict(), outdir / "weights.pth")
    np.save(outdir / "input.npy", x)
    np.save(outdir / "output.npy", y)
    print(f"{fixture.name}: input {x.shape} {x.dtype} -> output {y.shape} {y.dtype}, max|y|={np.abs(y).max():.4g}")


if __name__ == "__main__":
    main(sys.argv[1:])
