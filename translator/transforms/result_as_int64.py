"""The entry's target, then ``.astype('int64')``: for a target that returns another dtype where
torch returns int64 (paddle's ``F.one_hot`` gives float32). Arguments follow the entry's specs.

    F.one_hot(x, 3)             →  F.one_hot(x, 3).astype('int64')
    F.one_hot(t, num_classes=n) →  F.one_hot(t, num_classes=n).astype('int64')
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def result_as_int64(call: BoundCall, emit: Emitter) -> str:
    return f"{emit.ref(call.entry.target)}({emit.arguments(call, [])}).astype('int64')"


TRANSFORM = EntryTransform("result_as_int64", result_as_int64)
