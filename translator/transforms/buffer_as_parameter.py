"""``self.register_buffer(name, t)`` → a non-trainable Parameter set under that name.

For targets whose checkpoints load only parameters (MindSpore's ``load_param_into_net`` does not
fill buffers), a persistent buffer must be a parameter to survive weight conversion; a
non-persistent one never is in a checkpoint and stays a buffer.

    self.register_buffer("running_mean", torch.zeros(n))
        →  setattr(self, "running_mean", ms.Parameter(ops.zeros(n), requires_grad=False))
    self.register_buffer("idx", t, persistent=False)  →  unchanged
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo, literal


def buffer_as_parameter(call: BoundCall, emit: Emitter) -> str:
    persistent = literal(call["persistent"].node) if call.given("persistent") else True
    tensor = call["tensor"]
    args = ", ".join(filter(None, [call.text("name"), tensor.text,
                                   "persistent=False" if persistent is False else ""]))
    if persistent is False or literal(tensor.node) is None:
        return f"{call.receiver}.register_buffer({args})"
    if persistent is not True:
        raise NeedsTodo("persistent= is not a literal: cannot tell whether this becomes a parameter")
    parameter = emit.counterpart("torch.nn.Parameter")
    return f"setattr({call.receiver}, {call.text('name')}, {parameter}({tensor.text}, requires_grad=False))"


TRANSFORM = EntryTransform("buffer_as_parameter", buffer_as_parameter)
