"""The Jinja environment shared by every template-based emitter.

Templates only lay code out; values reach them already made safe by `pysource` filters.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

from cccgen.cache import cache_dir
from cccgen.emit.pysource import docstring, docstring_body, py_literal

if TYPE_CHECKING:
    import jinja2


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment: strict undefined, the package's templates and filters. Jinja is
    imported here, on the first render: commands that only read an emitter's data (`cccgen
    serve` reads emit/testing's description) never load it."""
    return new_environment(_bytecode_cache())


def new_environment(bytecode_cache: jinja2.BytecodeCache | None) -> jinja2.Environment:
    """A Jinja environment as `environment()` makes it, with the bytecode cache given."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cccgen", "templates"),
        bytecode_cache=bytecode_cache,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is Python and Markdown, never HTML
    )
    env.filters["py"] = py_literal
    env.filters["docstring"] = docstring
    env.filters["docstring_body"] = docstring_body
    return env


def render(template: str, **context: Any) -> str:
    """Render one template with `context`."""
    return environment().get_template(template).render(**context)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates, kept in cccgen's cache directory (`cccgen.cache`): a run
    compiles only a template whose source, Jinja or Python changed since (Jinja checks all
    three), not the sixteen every run renders. None when caching is off."""
    import jinja2

    root = cache_dir()
    if root is None:
        return None

    class Quiet(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                os.makedirs(self.directory, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass  # a cache that cannot be written is only a miss

    return Quiet(str(root / "jinja"))
