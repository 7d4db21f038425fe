"""hypothesis-jsonschema's strategy for each subschema built once, not on every draw.

hypothesis-jsonschema 0.23 draws an object key by key, and for each key builds the strategy of
its subschema anew (resolving and canonicalising the subschema each time, the whole subtree for
an object): some 60% of the CPU of drawing from the generated schemas; uncached,
test_hypothesis_jsonschema.py takes 25.8 s of CPU, not 11.0 s. A subschema's strategy depends
only on the subschema, the alphabet and the custom formats, so one built per key draws the same
payloads.

No public way does this: `from_schema` takes `custom_formats`, `allow_x00` and `codec` only, and
the rebuilding happens inside the object strategy it returns. So the cache replaces the
builder, a private function (`__from_schema` in `hypothesis_jsonschema._from_schema`), and does
so only where it finds that function with the signature it is written for. Anywhere else (the
module or the name gone, another signature: another hypothesis-jsonschema) it changes nothing
and fails nothing: hypothesis-jsonschema draws the same payloads, uncached, only slower.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

MODULE = "hypothesis_jsonschema._from_schema"
NAME = "__from_schema"  # builds the strategy of one (sub)schema
_P = inspect.Parameter
SIGNATURE = (
    ("schema", _P.POSITIONAL_OR_KEYWORD),
    ("alphabet", _P.KEYWORD_ONLY),
    ("custom_formats", _P.KEYWORD_ONLY),
)


def _builder(module: object) -> Callable[..., Any] | None:
    """`module`'s NAME if it is a function with SIGNATURE, else None."""
    namespace = getattr(module, "__dict__", None)
    found = namespace.get(NAME) if isinstance(namespace, dict) else None
    if not callable(found):
        return None
    try:
        parameters = inspect.signature(found).parameters.values()
    except (TypeError, ValueError):  # no signature to read
        return None
    if tuple((p.name, p.kind) for p in parameters) != SIGNATURE:
        return None
    builder: Callable[..., Any] = found
    return builder


class SubschemaCache:
    """A memoised stand-in for NAME in `module`, installed while wanted.

    `usable` is False where `module` has no NAME with SIGNATURE (or is None: no such module):
    then `install` returns False and changes nothing, and `remove` and `removed` do nothing."""

    def __init__(self, module: object) -> None:
        self.module = module
        self.original = _builder(module)
        self.built: dict[tuple[str, int, int], tuple[Any, Any, Any]] = {}

        def cached(schema: Any, *, alphabet: Any, custom_formats: Any) -> Any:
            # repr, not hypothesis-jsonschema's canonical JSON (a pure-Python encoder, most of
            # the builder's cost): equal reprs are equal schemas (True and 1 stay apart), and a
            # schema spelt another way only gets a strategy of its own, drawing the same values.
            key = (repr(schema), id(alphabet), id(custom_formats))
            if key not in self.built:  # alphabet and formats kept alive: their ids stay theirs
                assert self.original is not None  # installed only then
                strategy = self.original(schema, alphabet=alphabet, custom_formats=custom_formats)
                self.built[key] = (strategy, alphabet, custom_formats)
            return self.built[key][0]

        self.cached = cached

    @classmethod
    def of_installed(cls, name: str = MODULE) -> SubschemaCache:
        """For the installed hypothesis-jsonschema's module `name`, if it can be imported."""
        try:
            module = importlib.import_module(name)
        except ImportError:
            return cls(None)
        return cls(module)

    @property
    def usable(self) -> bool:
        return self.original is not None

    @property
    def installed(self) -> bool:
        namespace = getattr(self.module, "__dict__", None)
        return isinstance(namespace, dict) and namespace.get(NAME) is self.cached

    def install(self) -> bool:
        """Put the cache in place of NAME: whether it did (False: nothing changed)."""
        if self.original is None:
            return False
        self.module.__dict__[NAME] = self.cached
        return True

    def remove(self) -> None:
        """Put NAME back as found, if the cache is in its place."""
        if self.installed:
            self.module.__dict__[NAME] = self.original

    @contextmanager
    def removed(self) -> Iterator[None]:
        """hypothesis-jsonschema uncached for a while, then as it was."""
        was = self.installed
        self.remove()
        try:
            yield
        finally:
            if was:
                self.install()
