"""The emitters, in the order the pipeline runs them, and the package files around them.

Kept apart from pipeline.py so that loading and checking a spec (`cccgen check` on a broken
spec, `cccgen diff`, `cccgen serve`) never imports jinja2, datamodel-code-generator or the
validator compiler: only a run that emits pays for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cccgen import __version__
from cccgen import model as m
from cccgen.emit import json_schema
from cccgen.emit.client import emit_client
from cccgen.emit.docs import emit_docs, emit_docs_index
from cccgen.emit.fast_types import emit_fast_types
from cccgen.emit.header import python_header
from cccgen.emit.main import emit_main
from cccgen.emit.models import SHARED_MODULE, render_models, render_shared_models
from cccgen.emit.pyproject import distribution_version, emit_pyproject
from cccgen.emit.redact import emit_redact
from cccgen.emit.templating import render
from cccgen.emit.testing import emit_testing
from cccgen.emit.validator import emit_validators
from cccgen.exports import package_exports, root_imports

Files = dict[str, str]
RUNTIME_DIR = Path(__file__).with_name("runtime")


def emit_schemas(service: m.Service) -> Files:
    """The strict and lenient JSON Schemas of every operation."""
    files: Files = {}
    for op in service.operations:
        base = f"{service.name}/schemas/{op.name}"
        files[f"{base}.response.schema.json"] = dump_json(
            json_schema.response_schema(op, strict=True, service=service)
        )
        files[f"{base}.response.lenient.schema.json"] = dump_json(
            json_schema.response_schema(op, strict=False, service=service)
        )
        files[f"{base}.request.schema.json"] = dump_json(
            json_schema.request_schema(op, service=service)
        )
    if service.error_response is not None:
        base = f"{service.name}/schemas/{service.error_response.body.name}"
        for strict, suffix in ((True, ""), (False, ".lenient")):
            files[f"{base}{suffix}.schema.json"] = dump_json(
                json_schema.error_response_schema(service, strict=strict)
            )
    return files


def emit_models(service: m.Service) -> Files:
    """The pydantic model module of every operation."""
    files: Files = {}
    shared = frozenset([*(x.name for x in service.models), *(e.name for e in service.enums)])
    for op in service.operations:
        files[f"{service.name}/models/{op.python_name}.py"] = render_models(
            op, python_header(op.source), shared
        )
    if shared:
        files[f"{service.name}/models/{SHARED_MODULE}.py"] = render_shared_models(
            service, python_header(service.source)
        )
    files[f"{service.name}/models/__init__.py"] = render(
        "models_init.py.jinja",
        service=service,
        header=python_header(service.source),
        exports=model_exports(service),
    )
    return files


def emit_package(service: m.Service, spec_digest: str) -> Files:
    """Every file of one service's generated package."""
    header = python_header(service.source)
    files: Files = {
        f"{service.name}/__init__.py": render(
            "package_init.py.jinja",
            service=service,
            header=header,
            exports=model_exports(service),
            client_exports=package_exports(service),
            root_imports=root_imports(service),
            version=distribution_version(),
        ),
        f"{service.name}/_meta.py": render(
            "meta.py.jinja", service=service, header=header, version=__version__, digest=spec_digest
        ),
        f"{service.name}/py.typed": "",
    }
    # Subpackages too (runtime/tools/validate/...), in a fixed order; never __pycache__.
    for source in sorted(RUNTIME_DIR.rglob("*.py")):
        relative = source.relative_to(RUNTIME_DIR).as_posix()
        if "__pycache__" in relative.split("/"):
            continue
        banner = (
            f"# Copied by cccgen {__version__} from generator/cccgen/runtime/{relative}.\n"
            "# Do not edit by hand: change the original and run `make generate`.\n"
        )
        files[f"{service.name}/_runtime/{relative}"] = banner + source.read_text(encoding="utf-8")
    return files


def model_exports(service: m.Service) -> dict[str, list[str]]:
    """Class names each operation's model module (and the shared one) defines, for re-export."""
    exports: dict[str, list[str]] = {}
    for op in service.operations:
        names = [e.name for e in op.enums] + [op.request.name]
        names += [o.name for o in op.objects() if not o.shared]
        exports[op.python_name] = sorted(set(names))
    shared = [*(e.name for e in service.enums), *(x.name for x in service.models)]
    if shared:
        exports[SHARED_MODULE] = sorted(shared)
    return exports


Emitter = Callable[[m.Service], Files]
EMITTERS: list[Emitter] = [
    emit_schemas,
    emit_models,
    emit_docs,
    emit_testing,
    emit_validators,
    emit_fast_types,
    emit_client,
    emit_main,
    emit_redact,
]
#: Emitters of files that speak of every service in the run at once.
TREE_EMITTERS: list[Callable[[list[m.Service]], Files]] = [emit_docs_index, emit_pyproject]


def dump_json(data: Any) -> str:
    """`data` as indented JSON text, non-ASCII kept, with a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
