"""A torch method without arguments that returns a Python int → ``int(<receiver>.<target>)``, an
attribute of the target holding the number, where the target's method returns another type
(paddle's ``numel()`` gives a 0-d tensor; its ``size`` attribute is an int subclass computed
from the shape, without reading the tensor).

    x.numel()        →  int(x.size)
    self.w.numel()   →  int(self.w.size)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform


def method_as_int_attribute(call: BoundCall) -> str:
    return f"int({call.receiver}.{call.entry.target})"


TRANSFORM = EntryTransform("method_as_int_attribute", method_as_int_attribute)
