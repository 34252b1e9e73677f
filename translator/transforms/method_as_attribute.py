"""A torch method without arguments → the target's attribute of the entry's target name, where
the target's method returns another type (paddle's ``numel()`` gives a 0-d tensor, its ``size``
attribute the Python int torch's ``numel()`` returns).

    x.numel()        →  x.size
    self.w.numel()   →  self.w.size
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform


def method_as_attribute(call: BoundCall) -> str:
    return f"{call.receiver}.{call.entry.target}"


TRANSFORM = EntryTransform("method_as_attribute", method_as_attribute)
