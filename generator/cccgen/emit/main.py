"""`<package>/__main__.py`: the package's command line, wiring the generated validators into
the spec-independent validate tool (`runtime/tools/validate/`)."""

from __future__ import annotations

from cccgen import model as m
from cccgen.emit.header import python_header
from cccgen.emit.templating import render
from cccgen.emit.testing import server_class_name


def emit_main(service: m.Service) -> dict[str, str]:
    """The generated package's `__main__.py` (its validator CLI), `dask.py` (the same
    validation for Dask collections) and `export.py` (the Python side of `export-cdrs`)."""
    text = render(
        "main.py.jinja",
        service=service,
        header=python_header(service.source),
        server_class=server_class_name(service),
    )
    dask = render("dask.py.jinja", service=service, header=python_header(service.source))
    export = render("export.py.jinja", service=service, header=python_header(service.source))
    return {
        f"{service.name}/__main__.py": text,
        f"{service.name}/dask.py": dask,
        f"{service.name}/export.py": export,
    }
