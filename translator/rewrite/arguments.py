"""The one interpreter of a table entry's argument specs (``only``/``drop``/rename/``default:
emit``/``transform``/``set``).

Every way a call is rewritten reads its target arguments from here: the in-place edits of
rewrite/calls.py, the generated adapters of rewrite/adapters.py and the entry transforms (through
their emitter), so that one spec never means two things.
"""

from __future__ import annotations

from dataclasses import dataclass

from translator.binding import ArgValue, BoundCall
from translator.transforms import ARG_TRANSFORMS, VALUE_TRANSFORMS
from translator.transforms.base import Emitter


@dataclass(frozen=True)
class TargetArgument:
    """One argument of the target call."""

    name: str  # the target's keyword
    text: str
    source: str | None = None  # the torch parameter it comes from (None: the entry's ``set``)
    value: ArgValue | None = None  # the given torch argument carried over; None when added
    transformed: bool = False  # the carried-over value's text was rewritten by a value transform


def target_arguments(bound: BoundCall, emit: Emitter) -> list[TargetArgument]:
    """The target call's arguments, in torch signature order, then the entry's ``set``.

    An argument the target must not see is absent: ``drop``, ``unsupported`` (refused earlier
    when given), an ``only:`` without ``name:`` (its allowed values mean nothing to the target),
    and a torch default unless the spec says ``default: emit``.
    """
    entry = bound.entry
    out: list[TargetArgument] = []
    for param in entry.params:
        spec = entry.args.get(param.name)
        if param.star or spec is None or spec.action in ("drop", "unsupported"):
            continue
        value = bound.values[param.name]
        if spec.action == "transform":
            out += [TargetArgument(k, v, param.name)
                    for k, v in ARG_TRANSFORMS[spec.transform].fn(bound, param.name, emit).items()]
            continue
        if spec.action == "only" and not spec.name:
            continue
        name = spec.name or param.name
        if not value.given:
            if spec.emit_default:
                text = value.text
                if spec.transform:
                    text = VALUE_TRANSFORMS[spec.transform].fn(text, None)
                out.append(TargetArgument(name, text, param.name))
            continue
        if spec.transform:
            text = VALUE_TRANSFORMS[spec.transform].fn(value.text, value.node)
            out.append(TargetArgument(name, text, param.name, value, transformed=True))
        else:
            out.append(TargetArgument(name, value.text, param.name, value))
    out += [TargetArgument(k, v) for k, v in entry.set.items()]
    return out


def keywords(bound: BoundCall, emit: Emitter, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(target keyword, value text)`` of every target argument not coming from ``skip``."""
    return [(a.name, a.text) for a in target_arguments(bound, emit) if a.source is None or a.source not in skip]


def render(bound: BoundCall, emit: Emitter, lead: list[str] | tuple[str, ...] = (),
           skip: tuple[str, ...] = ()) -> str:
    """The target call's argument text: ``lead`` positional texts, then the entry's leading
    positional arguments that were given positionally and are carried over unchanged (up to
    ``entry.positional``), then keywords."""
    entry = bound.entry
    args = [a for a in target_arguments(bound, emit) if a.source is None or a.source not in skip]
    by_source = {a.source: a for a in args if a.value is not None}
    texts = list(lead)
    kept: set[str] = set()
    for param in entry.params[: entry.positional]:
        arg = by_source.get(param.name)
        if param.star or arg is None or arg.value.position is None or arg.transformed:
            break
        texts.append(arg.text)
        kept.add(param.name)
    texts += [f"{a.name}={a.text}" for a in args if a.source not in kept or a.value is None]
    return ", ".join(texts)
