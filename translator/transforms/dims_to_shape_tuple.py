"""Size given as separate positional ints → one shape argument; other arguments by the table.

torch's factories take ``*size``; MindSpore's take one ``size``/``shape`` argument (its second
positional parameter is ``dtype``). Every other argument follows the entry's ``args`` specs.

    torch.zeros(2, 3)                    →  ops.zeros((2, 3))
    torch.zeros(n)                       →  ops.zeros(n)
    torch.zeros((2, 3), dtype=torch.long) →  ops.zeros((2, 3), dtype=ms.int64)
    torch.ones(x.shape, device=x.device) →  ops.ones(x.shape)
    torch.zeros()                        →  ops.zeros(())

This module also holds ``render_arguments``, which other entry transforms use to emit the
arguments of a bound call exactly as the table's ``args`` specs say.
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform


def keyword_arguments(call: BoundCall, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(target keyword, value text)`` for every argument the entry's specs keep or add."""
    from translator.transforms import ARG_TRANSFORMS, VALUE_TRANSFORMS

    entry = call.entry
    out: list[tuple[str, str]] = []
    for param in entry.params:
        if param.star or param.name in skip or param.name not in entry.args:
            continue
        spec = entry.args[param.name]
        value = call.values[param.name]
        if spec.action in ("drop", "unsupported") or (spec.action == "only" and not spec.name):
            continue  # an allowed `only` value without a target name means nothing to the target
        if spec.action == "transform":
            out.extend(ARG_TRANSFORMS[spec.transform].fn(call, param.name).items())
            continue
        name = spec.name or param.name
        if not value.given and not spec.emit_default:
            continue
        text = value.text
        if spec.transform:
            text = VALUE_TRANSFORMS[spec.transform].fn(text, value.node)
        out.append((name, text))
    out.extend(entry.set.items())
    return out


def render_arguments(call: BoundCall, lead: list[str], skip: tuple[str, ...] = ()) -> str:
    """``lead`` positional texts, then the entry's leading positional arguments that were given
    positionally (up to ``entry.positional``), then keywords."""
    entry = call.entry
    texts = list(lead)
    kept: list[str] = []
    for param in entry.params[: entry.positional]:
        value = call.values.get(param.name)
        spec = entry.args.get(param.name)
        if (param.star or param.name in skip or value is None or not value.given or value.position is None
                or spec is None or spec.action not in ("keep", "only") or spec.transform):
            break
        texts.append(value.text)
        kept.append(param.name)
    texts += [f"{k}={v}" for k, v in keyword_arguments(call, skip=(*skip, *kept))]
    return ", ".join(texts)


def dims_to_shape_tuple(call: BoundCall) -> str:
    star = next(p for p in call.entry.params if p.star == "*")
    value = call.values.get(star.name)
    args = call.call.args
    if call.run_time:
        # torch.zeros(2, 3) and torch.zeros((2, 3)) both arrive here as a tuple
        t = value.text
        shape = f"{t}[0] if len({t}) == 1 and isinstance({t}[0], (tuple, list)) else {t}"
    elif value is None or not value.given:
        shape = "()"
    elif len(args) == 1 or value.keyword is not None:
        shape = value.text
    else:
        shape = f"({value.text})"
    rest = render_arguments(call, [shape], skip=(star.name,))
    return f"{call.ref(call.entry.target)}({rest})"


TRANSFORM = EntryTransform("dims_to_shape_tuple", dims_to_shape_tuple)
