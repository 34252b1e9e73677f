"""Kept torch names become stand-ins: a module with a TODO imports and runs without torch.

A translated file whose torch name is still used by a TODO line used to keep ``import torch``:
without torch the whole module failed to import, though the TODO line (a pretrained-weights
download, a TorchScript guard) often never runs when the model is built. The import is replaced
by a stand-in object bound to the same name; torch is never imported, with or without torch
installed, so torch is never silently mixed into a translated model. Any use of a stand-in (call,
index, iterate, compare, ``isinstance``, subclassing) raises NotImplementedError naming the file,
line and torch API, with the TODO comments above that line. Attribute access alone does not raise
(``torch.Tensor`` in an annotation or a default value is harmless).
"""

from __future__ import annotations

import ast

STAND_IN = "_Torch2msUntranslated"

_SOURCE = '''\
class {name}:
    """Stands in for a torch name whose uses torch2ms did not translate (see the TODO(torch2ms)
    comments); torch is not imported. Using it raises, naming the file, line and torch API."""

    def __init__(self, api):
        self._api = api

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return {name}(self._api + "." + attr)

    def __repr__(self):
        return "<untranslated " + self._api + ">"

    def _fail(self, *args, **kwargs):
        import linecache
        import sys

        frame = sys._getframe(2)
        where, line = frame.f_code.co_filename, frame.f_lineno
        todos = []
        for above in range(line - 1, 0, -1):
            text = linecache.getline(where, above).strip()
            if not text.startswith("# TODO(torch2ms):"):
                break
            todos.insert(0, text)
        raise NotImplementedError(
            where + ":" + str(line) + ": " + self._api + " was not translated to {target}"
            + (" (" + " ".join(todos) + ")" if todos else "") + "; translated code never imports torch")

    def __call__(self, *args, **kwargs):
        self._fail()

    def __mro_entries__(self, bases):
        # a class deriving from an untranslated torch class is still defined, so the module
        # imports; building one, or calling an autograd Function's apply (no metaclass: the
        # class may have other bases, ABC), fails, naming the API
        stand_in = self

        class Untranslated:
            def __init__(self, *args, **kwargs):
                stand_in._fail()

            @classmethod
            def apply(cls, *args, **kwargs):
                stand_in._fail()

        return (Untranslated,)

    @staticmethod
    def _typing(other):
        """Whether ``other`` is what typing compares the arguments of Optional[...] with."""
        return other is None or type(other).__module__ == "typing" or (
            isinstance(other, type) and other.__module__ in ("typing", "builtins"))

    def __eq__(self, other):
        # typing compares what Optional[...] / Union[...] hold with its own forms (Any, Generic):
        # an annotation naming a stand-in stays harmless; any other comparison fails
        if isinstance(other, {name}):
            return self._api == other._api
        if {name}._typing(other):
            return NotImplemented
        self._fail()

    def __ne__(self, other):
        if isinstance(other, {name}):
            return self._api != other._api
        if {name}._typing(other):
            return NotImplemented
        self._fail()

    def __getitem__(self, key):
        # Dataset[T_co] or Sampler[List[int]] as a generic base class or in an annotation names
        # a type: the stand-in itself (typing subscripts take types, type variables and typing's
        # own forms); any other index is a use
        import types
        import typing

        keys = key if isinstance(key, tuple) else (key,)
        if keys and all(isinstance(k, (type, typing.TypeVar, types.GenericAlias)) or type(k).__module__ == "typing"
                        for k in keys):
            return self
        self._fail()

    __iter__ = __len__ = __bool__ = __contains__ = __enter__ = __call__
    __lt__ = __le__ = __gt__ = __ge__ = __call__
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __matmul__ = __call__
    __neg__ = __instancecheck__ = __subclasscheck__ = __call__
    __hash__ = object.__hash__
'''


def stand_in_source(target: str, nl: str) -> str:
    return _SOURCE.format(name=STAND_IN, target=target).replace("\n", nl)


def stand_in_statement(node: ast.Import | ast.ImportFrom, kept: list[tuple[str, str, ast.alias]],
                       others: list[ast.alias]) -> str:
    """One line replacing an import: the non-torch names it also imports, then a stand-in for each
    torch binding still used (``F = _Torch2msUntranslated("torch.nn.functional")``)."""
    parts = []
    if others:
        parts.append("import " + ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in others))
    parts += [f"{local} = {STAND_IN}({qualified!r})" for local, qualified, _ in kept]
    return "; ".join(parts)


def stand_in_position(tree: ast.Module) -> int:
    """Index of the first module statement after the docstring and ``__future__`` imports."""
    body, i = tree.body, 0
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        i = 1
    while i < len(body) and isinstance(body[i], ast.ImportFrom) and body[i].module == "__future__":
        i += 1
    return i
