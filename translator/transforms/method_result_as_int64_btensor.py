"""A tensor method whose target result is int32 where torch's is int64 (MindSpore's argmin,
argsort, count_nonzero): the target method (or function, for a dotted target) is called as the
entry's specs say, then cast with ``.astype('int64')``.

    x.argmin(1)              →  x.argmin(1).astype('int64')
    x.count_nonzero(dim=0)   →  x.count_nonzero(axis=0).astype('int64')
    (a + b).argsort()        →  (a + b).argsort().astype('int64')
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, parenthesize


def method_result_as_int64(call: BoundCall, emit: Emitter) -> str:
    target = call.entry.target or call.entry.short
    if "." in target:
        value = f"{emit.ref(target)}({emit.arguments(call, [call.receiver.strip()])})"
    else:
        value = f"{parenthesize(call.receiver)}.{target}({emit.arguments(call, [])})"
    return f"{value}.astype('int64')"


TRANSFORM = EntryTransform("method_result_as_int64", method_result_as_int64)
