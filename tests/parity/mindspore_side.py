"""Run a translated fixture in MindSpore with converted weights; torch is blocked.

Usage: python tests/parity/mindspore_side.py TRANSLATED_PY CKPT INPUT_NPY OUTPUT_NPY

Exits non-zero when the checkpoint and the network disagree on parameter names, shapes or
dtypes (strict both ways), or when the forward pass fails.
"""

from __future__ import annotations

import sys

import numpy as np
from _common import ParityFailure, block_torch, fail, import_from_path


def load_checked(mindspore, net, ckpt: str) -> None:
    """Load ``ckpt`` into ``net``, strict both ways; raises ParityFailure on any disagreement."""
    # Parameter.name is fixed when a child is attached to its parent; a container filled
    # after it was attached (self.seq = SequentialCell(); self.seq.append(...)) keeps
    # names without the prefix, and equal stale names collapse in parameters_dict.
    stale_names = [f"{path} is named {p.name!r}" for path, p in net.parameters_and_names() if path != p.name]
    if stale_names:
        raise ParityFailure("parameter names do not match their attribute paths:\n  " + "\n  ".join(stale_names))

    param_dict = mindspore.load_checkpoint(ckpt)
    net_params = net.parameters_dict()
    # load_param_into_net alone is not enough: with strict_load it still only reports
    # names, and a ckpt key the net lacks is merely listed; check the two sets directly.
    missing = sorted(set(net_params) - set(param_dict))
    extra = sorted(set(param_dict) - set(net_params))
    if missing or extra:
        raise ParityFailure(f"key sets differ\n  in net, not in ckpt: {missing}\n  in ckpt, not in net: {extra}")
    bad = [
        f"{k}: ckpt {tuple(param_dict[k].shape)} {param_dict[k].dtype} vs net {tuple(p.shape)} {p.dtype}"
        for k, p in net_params.items()
        if tuple(param_dict[k].shape) != tuple(p.shape) or param_dict[k].dtype != p.dtype
    ]
    if bad:
        raise ParityFailure("shape/dtype mismatch:\n  " + "\n  ".join(bad))

    expected = {k: v.asnumpy().copy() for k, v in param_dict.items()}
    param_not_load, ckpt_not_load = mindspore.load_param_into_net(net, param_dict, strict_load=True)
    if param_not_load or ckpt_not_load:
        raise ParityFailure(f"load_param_into_net: param_not_load={param_not_load} ckpt_not_load={ckpt_not_load}")
    stale = [k for k, p in net.parameters_dict().items() if not np.array_equal(p.asnumpy(), expected[k])]
    if stale:
        raise ParityFailure(f"parameters not updated by load_param_into_net: {stale}")


def main(argv: list[str]) -> None:
    if len(argv) != 4:
        fail("usage: mindspore_side.py TRANSLATED_PY CKPT INPUT_NPY OUTPUT_NPY")
    translated, ckpt, input_npy, output_npy = argv
    # Before the framework import, so neither MindSpore nor the translated code can pull torch in.
    block_torch()
    import mindspore

    module = import_from_path(translated)
    net = module.build_model()
    if not isinstance(net, mindspore.nn.Cell):
        fail(f"build_model() returned {type(net).__name__}, not a mindspore.nn.Cell")

    try:
        load_checked(mindspore, net, ckpt)
    except ParityFailure as exc:
        fail(str(exc))

    net.set_train(False)
    x = np.load(input_npy)
    out = net(mindspore.Tensor(x))
    if not isinstance(out, mindspore.Tensor):
        fail(f"network returned {type(out).__name__}, expected a single Tensor")
    y = out.asnumpy()
    np.save(output_npy, y)
    print(f"mindspore {mindspore.__version__}: output {y.shape} {y.dtype}")


if __name__ == "__main__":
    main(sys.argv[1:])
