"""The shape of a table entry, as Python objects built and checked once, at load time."""

from __future__ import annotations

from dataclasses import dataclass, field

# the weight map's name of an entry's layout-keeping layer (``torch.nn.Linear[torch_layout]``)
TORCH_LAYOUT = "[torch_layout]"

KINDS = ("layer", "call", "method", "attribute", "name", "class", "decorator")


@dataclass(frozen=True)
class Param:
    name: str
    keyword_only: bool
    default: str | None  # source text of the torch default; None when required
    star: str = ""  # "*" for *args, "**" for **kwargs


@dataclass(frozen=True)
class ArgSpec:
    """What happens to one torch argument (see api_tables/README.md)."""

    action: str  # keep | drop | only | unsupported | transform
    name: str | None = None  # target keyword
    emit_default: bool = False
    transform: str | None = None  # value transform (with name) or argument transform (without)
    only: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class WeightRule:
    name: str | None  # None: the torch key has no target counterpart and is dropped
    transpose: bool = False  # 2-D weights stored [in, out] by the target
    unsqueeze: int | None = None  # the target keeps an extra axis of size 1 here (Conv1d as 2-D)


@dataclass(frozen=True)
class Example:
    call: str
    # the target text this call translates to; None: it must translate with no TODO (its
    # numbers prove it), or, for an entry unsupported in the target, stay unchanged with a TODO
    expect: str | None
    inputs: dict[str, str]
    line: int
    train: bool = False
    compare: str = "values"  # values | shape (random results) | runs (classes, no output)
    file: str = ""  # the torch facts file the example is written in
    # why this target's translation of the example is known not to match torch (its numbers
    # must then differ: the test fails when the example starts to pass)
    known_failure: str | None = None


@dataclass
class TorchFacts:
    """The torch side of an API, shared by every target: api_tables/torch/*.yaml."""

    key: str
    kind: str
    file: str
    line: int
    signature_text: str = ""
    params: tuple[Param, ...] = ()
    examples: list[Example] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}: entry {self.key}"


@dataclass
class Entry(TorchFacts):
    """A target's entry: the torch facts of its key joined with the target's mapping (``file`` and
    ``line`` are the mapping's; each example knows its own)."""

    target: str | None = None
    positional: int = 0
    args: dict[str, ArgSpec] = field(default_factory=dict)
    set: dict[str, str] = field(default_factory=dict)
    weights: dict[str, WeightRule] = field(default_factory=dict)
    transform: str | None = None
    unsupported: str | None = None
    # what a state_dict group must look like to be this layer when source cannot tell
    evidence: dict = field(default_factory=dict)
    # used as a decorator (``@torch.no_grad()``): "remove", or the dotted target to put there
    decorator: str | None = None
    # attributes read on a built layer that the target spells differently (``in_features`` on a
    # Dense is ``in_channels``); parameter renames come from ``weights`` and need no listing
    attributes: dict[str, str] = field(default_factory=dict)
    # torch code defining ``target`` (a bare name) for an API the target lacks; it is translated
    # by these same tables and emitted once into each file that uses it
    source: str | None = None
    # what a reference that is not called becomes (``x: torch.device`` → ``typing.Any``)
    value: str | None = None
    # the layer that keeps torch's weight layout (paddle's Linear stores [in, out]; this one
    # torch's [out, in]), used where translator/rewrite/layout.py finds code relying on it;
    # ``layout_uses``: the torch attributes whose use needs it (``weight``, ``in_features``)
    torch_layout: Entry | None = None
    layout_uses: tuple[str, ...] = ()

    def attribute_renames(self) -> dict[str, str]:
        renames = {k: r.name for k, r in self.weights.items() if r.name and r.name != k}
        renames.update(self.attributes)
        return renames

    @property
    def short(self) -> str:
        return self.key.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class TargetModule:
    alias: str
    import_line: str


@dataclass
class TargetConfig:
    name: str
    modules: dict[str, TargetModule]
    method_renames: dict[str, str]
    # statements ending the __init__ of a translated module, by the condition that needs them:
    # "fills_containers" (self.x.append(...) after self.x was attached), "sequential_children"
    # (a Sequential subclass assigning children as attributes)
    init_epilogue: dict[str, str] = field(default_factory=dict)
    # False: arithmetic between tensors of different kinds (int32 + float32) raises in the target,
    # where torch promotes; such arithmetic is rewritten where the source shows it can occur
    promotes_mixed_dtypes: bool = True
    # torch tensor attributes (or chains of two) the target spells otherwise: "device.type",
    # "is_quantized" -> target text with {receiver} (the tensor's expression)
    tensor_attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class Tables:
    target: TargetConfig
    entries: dict[str, Entry]  # torch qualified name (or Tensor.<method>) -> entry
    methods: dict[str, Entry] = field(default_factory=dict)  # method name -> entry
    # attribute name -> entry (``Module._modules``): read on any object, as methods are called
    attributes: dict[str, Entry] = field(default_factory=dict)

    def layer(self, key: str) -> Entry | None:
        """The entry a weight-map layer key names: a table entry, or an entry's layout-keeping
        layer (``torch.nn.Linear[torch_layout]``)."""
        if key.endswith(TORCH_LAYOUT):
            entry = self.entries.get(key[:-len(TORCH_LAYOUT)])
            return entry.torch_layout if entry is not None else None
        return self.entries.get(key)

    def __post_init__(self) -> None:
        self.methods = {
            e.key.split(".", 1)[1]: e for e in self.entries.values() if e.kind == "method"
        }
        self.attributes = {
            e.key.split(".", 1)[1]: e for e in self.entries.values() if e.kind == "attribute"
        }
