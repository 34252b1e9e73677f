"""Layer construction: arguments of torch layers that the target's layers take in another form."""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, NeedsTodo, ValueTransform, literal, parenthesize


def _attr(call: BoundCall, name: str) -> str | None:
    """None when the parameter is created for sure, else the attr text."""
    if name not in call.values or not call.given(name):
        return None
    v = literal(call[name].node)
    if v is True:
        return None
    if v is False:
        return "False"
    return f"None if {parenthesize(call.text(name))} else False"


def affine_bias_to_param_attrs(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """torch norm ``affine`` / ``bias`` flags → ``weight_attr`` / ``bias_attr`` (False = no parameter).

    Decides both torch arguments at once: the entry gives this transform to ``affine`` and to
    ``bias``; called for ``bias`` it returns nothing, because the ``affine`` call already read it.

        affine and bias omitted       →  nothing (both parameters created)
        affine=False                  →  weight_attr=False, bias_attr=False
        bias=False                    →  bias_attr=False
        affine=flag                   →  weight_attr=None if flag else False, bias_attr=None if flag else False
        affine=True, bias=flag        →  bias_attr=None if flag else False
    """
    if name != "affine":
        return {}
    affine = _attr(call, "affine")
    bias = _attr(call, "bias")
    out: dict[str, str] = {}
    if affine is not None:
        out["weight_attr"] = affine
    if affine == "False" or bias == "False":
        out["bias_attr"] = "False"
    elif affine is not None and bias is not None:
        a, b = parenthesize(call.text("affine")), parenthesize(call.text("bias"))
        out["bias_attr"] = f"None if {a} and {b} else False"
    elif affine is not None or bias is not None:
        out["bias_attr"] = affine if affine is not None else bias
    return out


AFFINE_BIAS_TO_PARAM_ATTRS = ArgTransform("affine_bias_to_param_attrs", affine_bias_to_param_attrs)



def channels_as_groups_and_channels(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """A channel count given as both ``num_groups`` and ``num_channels``: a group norm with one
    channel per group normalises each channel alone, which is what an instance norm does.

        nn.InstanceNorm2d(64)            →  num_groups=64, num_channels=64
        nn.InstanceNorm2d(dim * 2)       →  num_groups=dim * 2, num_channels=dim * 2
    """
    text = call.text(name).strip()
    return {"num_groups": text, "num_channels": text}


CHANNELS_AS_GROUPS_AND_CHANNELS = ArgTransform("channels_as_groups_and_channels", channels_as_groups_and_channels)



def normalized_shape(text: str, node: ast.expr | None) -> str:
    """torch LayerNorm ``normalized_shape`` → MindSpore's (a tuple; one normalized dim only).

    MindSpore wants a tuple, and normalizes more than the last dim only with a POSITIVE
    ``begin_norm_axis`` (input rank - k), which a translation cannot know.

        nn.LayerNorm(8)          →  nn.LayerNorm((8,), epsilon=1e-05)
        nn.LayerNorm([8])        →  nn.LayerNorm([8], epsilon=1e-05)
        nn.LayerNorm(dim)        →  nn.LayerNorm((dim,) if isinstance(dim, int) else tuple(dim), epsilon=1e-05)
        nn.LayerNorm((4, 8))     →  TODO (set begin_norm_axis=begin_params_axis=input rank - 2)
    """
    value = literal(node) if node is not None else literal(ast.parse(text, mode="eval").body)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"({value},)"
    if isinstance(value, (tuple, list)):
        if len(value) != 1:
            raise NeedsTodo(f"normalized_shape={text} normalizes {len(value)} dims: MindSpore LayerNorm then "
                            "needs begin_norm_axis=begin_params_axis=<input rank - k> (positive); write them")
        return text
    if node is not None and isinstance(node, (ast.Tuple, ast.List)):
        if len(node.elts) != 1:
            raise NeedsTodo(f"normalized_shape={text} normalizes several dims: MindSpore LayerNorm then "
                            "needs begin_norm_axis=begin_params_axis=<input rank - k> (positive); write them")
        return text
    t = parenthesize(text)
    return f"({t},) if isinstance({t}, int) else tuple({t})"


LAYER_NORM_NORMALIZED_SHAPE = ValueTransform("layer_norm_normalized_shape", normalized_shape)



def approximate_tanh_to_bool(text: str, node: ast.expr | None) -> str:
    """GELU ``approximate``: torch's string ('none' | 'tanh') → MindSpore nn.GELU's bool.

        nn.GELU()                    →  nn.GELU(approximate=False)
        nn.GELU(approximate='tanh')  →  nn.GELU(approximate=True)
        nn.GELU(approximate=a)       →  nn.GELU(approximate=a == 'tanh')
    """
    value = literal(node) if node is not None else literal(ast.parse(text, mode="eval").body)
    if value == "none":
        return "False"
    if value == "tanh":
        return "True"
    if value is not NotImplemented:
        raise NeedsTodo(f"approximate={text}: torch accepts only 'none' or 'tanh'")
    return f"{parenthesize(text)} == 'tanh'"


APPROXIMATE_TANH_TO_BOOL = ValueTransform("approximate_tanh_to_bool", approximate_tanh_to_bool)


FLAT_HELPER = '''
def torch_flat(tensor):
    """A layer_norm weight or bias flattened, as a target that takes them only 1-D needs
    (generated by torch2ms); None stays None."""
    return None if tensor is None else tensor.flatten()
'''


def flat_affine(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """``weight`` / ``bias`` of ``F.layer_norm`` for a target that takes them only flattened
    (paddle): kept as they are when ``normalized_shape`` is one dim (a literal of length 1 or
    ``x.shape[-1:]``), else flattened at run time by a generated helper (None stays None).

        F.layer_norm(x, [3], w, b)        →  F.layer_norm(x, [3], weight=w, bias=b)
        F.layer_norm(x, [4, 5], w, b)     →  F.layer_norm(x, [4, 5], weight=torch_flat(w), bias=torch_flat(b))
        F.layer_norm(x, s, None, b)       →  F.layer_norm(x, s, weight=None, bias=torch_flat(b))
    """
    value = call[name]
    if not value.given:
        return {}
    shape = call["normalized_shape"]
    known = literal(shape.node)
    one_dim = (isinstance(known, int) or (isinstance(known, (tuple, list)) and len(known) == 1)
               or shape.text.replace(" ", "").endswith("[-1:]"))
    if literal(value.node) is None or one_dim:
        return {name: value.text}
    return {name: f"{emit.helper('torch_flat', FLAT_HELPER)}({value.text})"}


FLAT_AFFINE = ArgTransform("flat_affine", flat_affine)
