"""``nn.init.uniform_(t, a, b)`` → ``t.set_data(ops.uniform(t.shape, lo, hi, dtype=t.dtype))``.

MindSpore's ``Uniform`` initializer is symmetric (``[-scale, scale]``), so the range [a, b)
is drawn with ``ops.uniform``; bounds become tensors of the parameter's dtype.

    nn.init.uniform_(w)             →  w.set_data(ops.uniform(w.shape, ms.Tensor(0.0, w.dtype),
                                                             ms.Tensor(1.0, w.dtype), dtype=w.dtype))
    nn.init.uniform_(w, -0.1, 0.1)  →  w.set_data(ops.uniform(w.shape, ms.Tensor(-0.1, w.dtype),
                                                             ms.Tensor(0.1, w.dtype), dtype=w.dtype))
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform
from translator.transforms.set_data_with_initializer import tensor_text


def set_data_uniform_range(call: BoundCall, emit: Emitter) -> str:
    t = tensor_text(call)
    tensor = emit.counterpart("torch.tensor")
    lo, hi = (f"{tensor}({call.text(n)}, {t}.dtype)" for n in ("a", "b"))
    return f"{t}.set_data({emit.ref(call.entry.target)}({t}.shape, {lo}, {hi}, dtype={t}.dtype))"


TRANSFORM = EntryTransform("set_data_uniform_range", set_data_uniform_range)
