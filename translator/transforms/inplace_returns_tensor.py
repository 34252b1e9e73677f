"""An in-place target that returns None where torch returns the tensor it fills (paddle's
``nn.init.*`` and ``Tensor.set_value``): where the value is used, the call goes through a
generated helper that returns the tensor; a bare statement keeps the plain call. The entry's
target is a function taking the tensor first (a method's target is written as the unbound
``paddle.Tensor.<name>``). Arguments follow the entry's specs.

    nn.init.zeros_(w)                     →  nn.init.zeros_(w)            (a statement)
    t = nn.init.dirac_(w, groups=2)       →  t = torch_inplace(nn.init.dirac_, w, groups=2)
    y = x.copy_(src)                      →  y = torch_inplace(paddle.Tensor.set_value, x, src)
    x.copy_(src)                          →  x.set_value(src)             (a statement)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform
from translator.transforms.dims_to_shape_tuple import render_arguments

RUN_TIME_HELPER = '''
def torch_inplace(fn, tensor, *args, **kwargs):
    """fn fills tensor in place and returns None; torch's function returns the tensor (generated
    by torch2ms)."""
    fn(tensor, *args, **kwargs)
    return tensor
'''


def inplace_returns_tensor(call: BoundCall) -> str:
    fn = call.ref(call.entry.target)
    if call.value_unused:
        if call.receiver:
            return f"{call.receiver}.{fn.rsplit('.', 1)[1]}({render_arguments(call, [])})"
        return f"{fn}({render_arguments(call, [])})"
    if call.receiver:
        lead, skip = [call.receiver], ()
    else:
        first = call.entry.params[0].name
        lead, skip = [call.text(first)], (first,)
    return f"{call.helper('torch_inplace', RUN_TIME_HELPER)}({fn}, {render_arguments(call, lead, skip)})"


TRANSFORM = EntryTransform("inplace_returns_tensor", inplace_returns_tensor)
