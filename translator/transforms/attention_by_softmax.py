"""``F.scaled_dot_product_attention`` → its definition, with Tensor methods:
``(q @ k.swapaxes(-2, -1) * scale).softmax(-1) @ v``, where ``scale`` defaults to
``q.shape[-1] ** -0.5``. ``dropout_p`` other than 0 wraps the weights in the entry's target (a
dropout function taking ``p=``; torch applies this dropout whatever the module's mode, so
``training`` is left at its default). Masks, ``is_causal`` and GQA stay TODOs. ``q`` and ``k``
must be plain names or attributes (``q`` is used twice).

    F.scaled_dot_product_attention(q, k, v)
        →  (q @ k.swapaxes(-2, -1) * q.shape[-1] ** -0.5).softmax(-1) @ v
    F.scaled_dot_product_attention(q, k, v, scale=s)
        →  (q @ k.swapaxes(-2, -1) * s).softmax(-1) @ v
    F.scaled_dot_product_attention(q, k, v, dropout_p=p)
        →  ops.dropout((q @ k.swapaxes(-2, -1) * q.shape[-1] ** -0.5).softmax(-1), p=p) @ v
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform, NeedsTodo, literal, parenthesize
from translator.transforms.normalize_by_norm import simple


def _is(call: BoundCall, name: str, *values: object) -> bool:
    v = call[name]
    return not v.given or literal(v.node) in values


def attention_by_softmax(call: BoundCall) -> str:
    if not _is(call, "attn_mask", None):
        raise NeedsTodo("attn_mask: a bool mask must become masked_fill(~mask, -inf) and a float mask is "
                        "added before the softmax; write the attention out by hand")
    if not _is(call, "is_causal", False):
        raise NeedsTodo("is_causal=True: add an upper-triangular -inf mask before the softmax by hand")
    if not _is(call, "enable_gqa", False):
        raise NeedsTodo("enable_gqa=True: repeat key/value heads by hand")
    q, k, v = (call.text(n).strip() for n in ("query", "key", "value"))
    scale = call["scale"]
    if not scale.given or literal(scale.node) is None:
        if not simple(q):
            raise NeedsTodo("the query is used twice in the translation; assign it to a variable first")
        scale_text = f"{q}.shape[-1] ** -0.5"
    else:
        scale_text = parenthesize(scale.text)
    weights = f"({parenthesize(q)} @ {parenthesize(k)}.swapaxes(-2, -1) * {scale_text}).softmax(-1)"
    if not _is(call, "dropout_p", 0, 0.0):
        weights = f"{call.ref(call.entry.target)}({weights}, p={call.text('dropout_p').strip()})"
    return f"{weights} @ {parenthesize(v)}"


TRANSFORM = EntryTransform("attention_by_softmax", attention_by_softmax)
