"""Run a translated fixture in Paddle with converted weights; torch is blocked.

Usage: python tests/parity/paddle_side.py TRANSLATED_PY PDPARAMS INPUT_NPY OUTPUT_NPY

Exits non-zero when the state dict and the network disagree on names, shapes or dtypes, or
when the forward pass fails. Paddle's set_state_dict only warns on a mismatch, so every
check here is explicit.
"""

from __future__ import annotations

import sys

import numpy as np
from _common import ParityFailure, block_torch, fail, import_from_path


def _as_numpy(value: object) -> np.ndarray:
    # paddle.load (3.3.1) gives Tensors even for saved ndarrays; accept arrays anyway so the
    # converter's choice of value type is not baked into the check.
    return value.numpy() if hasattr(value, "numpy") else np.asarray(value)


def load_checked(paddle, net, pdparams: str) -> None:
    """Load ``pdparams`` into ``net``, strict both ways; raises ParityFailure on any disagreement."""
    state = paddle.load(pdparams)
    if not isinstance(state, dict):
        raise ParityFailure(f"{pdparams} holds {type(state).__name__}, expected a state dict")
    net_state = net.state_dict()
    missing = sorted(set(net_state) - set(state))
    extra = sorted(set(state) - set(net_state))
    if missing or extra:
        raise ParityFailure(
            f"key sets differ\n  in net, not in pdparams: {missing}\n  in pdparams, not in net: {extra}")
    expected = {k: _as_numpy(v) for k, v in state.items()}
    bad = []
    for k, p in net_state.items():
        want = _as_numpy(p)
        if expected[k].shape != want.shape or expected[k].dtype != want.dtype:
            bad.append(f"{k}: pdparams {expected[k].shape} {expected[k].dtype} vs net {want.shape} {want.dtype}")
    if bad:
        raise ParityFailure("shape/dtype mismatch:\n  " + "\n  ".join(bad))

    net.set_state_dict(state)
    stale = [k for k, p in net.state_dict().items() if not np.array_equal(_as_numpy(p), expected[k])]
    if stale:
        raise ParityFailure(f"entries not updated by set_state_dict: {stale}")


def main(argv: list[str]) -> None:
    if len(argv) != 4:
        fail("usage: paddle_side.py TRANSLATED_PY PDPARAMS INPUT_NPY OUTPUT_NPY")
    translated, pdparams, input_npy, output_npy = argv
    # Before the framework import, so neither Paddle nor the translated code can pull torch in.
    block_torch()
    import paddle

    paddle.set_device("cpu")
    module = import_from_path(translated)
    net = module.build_model()
    if not isinstance(net, paddle.nn.Layer):
        fail(f"build_model() returned {type(net).__name__}, not a paddle.nn.Layer")

    try:
        load_checked(paddle, net, pdparams)
    except ParityFailure as exc:
        fail(str(exc))

    net.eval()
    x = np.load(input_npy)
    with paddle.no_grad():
        out = net(paddle.to_tensor(x))
    if not isinstance(out, paddle.Tensor):
        fail(f"network returned {type(out).__name__}, expected a single Tensor")
    y = out.numpy()
    np.save(output_npy, y)
    print(f"paddle {paddle.__version__}: output {y.shape} {y.dtype}")


if __name__ == "__main__":
    main(sys.argv[1:])
