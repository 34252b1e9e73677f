"""Target side of the zoo harness: with torch blocked, build each model from the TRANSLATED
package, load the converted weights strictly (tests/parity/*_side.load_checked), run it and save
its outputs.

Usage: python -m tests.zoo.target_side mindspore|paddle JOBS.json   (translated root on PYTHONPATH)
Per model, in its ``dir``: ``target_output.npz``; the outcome (stage build/load/run) in ``result``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from tests.zoo.sides import build, describe, flatten, read_jobs, record, use_parity_helpers


class _Target:
    """The few framework calls that differ between the targets."""

    def __init__(self, name: str) -> None:
        self.name = name
        if name == "mindspore":
            import mindspore
            import mindspore_side

            self.fw, self.side, self.base = mindspore, mindspore_side, mindspore.nn.Cell
        else:
            import paddle
            import paddle_side

            paddle.set_device("cpu")
            self.fw, self.side, self.base = paddle, paddle_side, paddle.nn.Layer

    def is_tensor(self, value: object) -> bool:
        return isinstance(value, self.fw.Tensor)

    def run(self, net, xs: list[np.ndarray]) -> list[np.ndarray]:
        if self.name == "mindspore":
            net.set_train(False)
            outs = flatten(net(*map(self.fw.Tensor, xs)), self.is_tensor)
            return [t.asnumpy() for t in outs]
        net.eval()
        with self.fw.no_grad():
            outs = flatten(net(*map(self.fw.to_tensor, xs)), self.is_tensor)
        return [t.numpy() for t in outs]


def run_one(target: _Target, job: dict, root: str) -> None:
    stage = "build"
    try:
        net = build(job["build"])
        if not isinstance(net, target.base):
            raise TypeError(f"the builder returned {type(net).__name__}, not a {target.base.__name__}")
        stage = "load"
        target.side.load_checked(target.fw, net, job["weights"])
        stage = "run"
        inputs = np.load(Path(job["dir"]) / "input.npz")
        outs = target.run(net, [inputs[key] for key in inputs.files])
        np.savez(job["output"], **{f"out{i}": y for i, y in enumerate(outs)})
    except Exception as exc:  # one model's failure is its row, the others go on
        record(job, stage, describe(exc, root))
        return
    record(job, "ok")


def main(argv: list[str]) -> None:
    name, jobs = argv[0], read_jobs(argv[1])
    use_parity_helpers()
    from _common import block_torch

    # before the framework import: neither it nor the translated code may pull torch in
    block_torch()
    target = _Target(name)
    for job in jobs["models"]:
        run_one(target, job, jobs["root"])
        print(job["name"], flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
