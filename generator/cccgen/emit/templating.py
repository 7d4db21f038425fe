"""The Jinja environment shared by every template-based emitter.

Templates only lay code out; values reach them already made safe by `pysource` filters.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from cccgen.emit.pysource import docstring, docstring_body, py_literal

if TYPE_CHECKING:
    import jinja2


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment: strict undefined, the package's templates and filters. Jinja is
    imported here, on the first render: commands that only read an emitter's data (`cccgen
    serve` reads emit/testing's description) never load it."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cccgen", "templates"),
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
