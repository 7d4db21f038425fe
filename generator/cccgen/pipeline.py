"""The generator as one straight pipeline:

    load the spec (structure, meaning) → API model → check stage (what the generated code can
    say) → emitters → format → one atomic write of the tree.

Every spec problem is found before the first emitter runs, located from the model's nodes; an
emitter that still fails is a generator bug (`GeneratorBugError`), never the spec's fault.
Every emitter returns `{relative path: text}`; nothing touches the disk until the whole tree
has been produced, so a broken spec or a failing emitter leaves the output exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from cccgen import __version__
from cccgen import model as m
from cccgen.emit import json_schema
from cccgen.emit.client import emit_client
from cccgen.emit.docs import emit_docs, emit_docs_index
from cccgen.emit.header import python_header
from cccgen.emit.main import emit_main
from cccgen.emit.models import render_models
from cccgen.emit.pyproject import distribution_version, emit_pyproject
from cccgen.emit.templating import render
from cccgen.emit.testing import emit_testing
from cccgen.emit.validator import emit_validators
from cccgen.exports import package_exports, root_imports
from cccgen.problems import Problem, SpecError
from cccgen.spec.codegen_checks import check_services
from cccgen.spec.loader import load_service
from cccgen.subset import only_operations

Files = dict[str, str]
RUNTIME_DIR = Path(__file__).with_name("runtime")


class FormatError(RuntimeError):
    """ruff could not format the generated code (a generator bug, never a spec problem)."""


class GeneratorBugError(RuntimeError):
    """An emitter failed on a spec the check stage accepted: the generator's fault."""


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
    for op in service.operations:
        files[f"{service.name}/models/{op.python_name}.py"] = render_models(
            op, python_header(op.source)
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
            eager_modules=("errors",),
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
    """Class names each operation's model module defines, for re-export."""
    exports: dict[str, list[str]] = {}
    for op in service.operations:
        names = [e.name for e in op.enums] + [op.request.name] + [o.name for o in op.objects()]
        exports[op.python_name] = sorted(set(names))
    return exports


Emitter = Callable[[m.Service], Files]
EMITTERS: list[Emitter] = [
    emit_schemas,
    emit_models,
    emit_docs,
    emit_testing,
    emit_validators,
    emit_client,
    emit_main,
]
#: Emitters of files that speak of every service in the run at once.
TREE_EMITTERS: list[Callable[[list[m.Service]], Files]] = [emit_docs_index, emit_pyproject]


def build(service_file: Path) -> Files:
    """Every generated file for one spec, formatted, as text. Raises SpecError."""
    return build_all([service_file])


def run_emitters(service: m.Service, emitters: list[Emitter]) -> Files:
    """The files of `emitters` for a checked service; raises GeneratorBugError, never SpecError."""
    files: Files = {}
    for emitter in emitters:
        try:
            files.update(emitter(service))
        except SpecError as exc:
            # The check stage accepted this spec, so the emitter is wrong, not the spec.
            raise GeneratorBugError(
                f"{emitter.__name__} refused a spec the checks accepted (a generator bug; please "
                f"report it with the spec):\n{exc}"
            ) from None
    return files


def find_service_files(paths: list[Path]) -> list[Path]:
    """Service files named directly, or found as `*/service.yaml` under the directories given."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            matches = sorted(path.glob("*/service.yaml"))
            if not matches:
                problems.append(
                    Problem(str(path), 0, 0, "", "no */service.yaml found in this directory")
                )
            found.extend(matches)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), 0, 0, "", "no such file or directory"))
    if problems:
        raise SpecError(problems)
    return found


def build_all(service_files: list[Path], operations: Collection[str] | None = None) -> Files:
    """The whole generated tree for several services; all spec problems are reported together.
    `operations`: only these operations (the spec is still checked whole); raises
    UnknownOperationError for a name no service has.

    Per-service emitters run first; then the tree-level ones that speak of every service at
    once (the docs index); then one formatting pass over everything.
    """
    services: list[m.Service] = []
    problems: list[Problem] = []
    for service_file in service_files:
        try:
            services.append(load_service(service_file))
        except SpecError as exc:
            problems.extend(exc.problems)
    try:
        check_services(services)
    except SpecError as exc:
        problems.extend(exc.problems)
    if problems:
        raise SpecError(problems)
    if operations is not None:
        services = [only_operations(service, operations) for service in services]
    files: Files = {}
    for service_file, service in zip(service_files, services, strict=True):
        produced = run_emitters(service, EMITTERS)
        produced.update(emit_package(service, spec_digest(service_file, service)))
        twice = sorted(path for path in produced if path in files)
        if twice:  # the check stage refuses two services with one package name
            raise GeneratorBugError(f"{twice[0]} is produced by two services")
        files.update(produced)
    for tree_emitter in TREE_EMITTERS:
        files.update(tree_emitter(services))
    return format_python(files)


def spec_digest(service_file: Path, service: m.Service) -> str:
    """SHA-256 over the spec files, so generated code can say exactly what it came from."""
    digest = hashlib.sha256()
    prefix = service.source.rsplit("/", 1)[0] + "/"
    paths = [service_file] + [
        service_file.parent / op.source.removeprefix(prefix) for op in service.operations
    ]
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def dump_json(data: Any) -> str:
    """`data` as indented JSON text, non-ASCII kept, with a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_python(files: Files) -> Files:
    """Run ruff's formatter (pinned) over every Python file, in one process.

    Markdown files go through it too: ruff formats their ```python code blocks, and
    `ruff format --check generated` (make lint) checks them.
    """
    python = {path: text for path, text in files.items() if path.endswith((".py", ".md"))}
    with tempfile.TemporaryDirectory(prefix="cccgen-format-") as tmp:
        root = Path(tmp)
        for path, text in python.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        # Sort imports (datamodel-code-generator leaves them unsorted for ruff's I001) and
        # `__all__` lists (RUF022: ruff's own order, whatever the templates emit), then format:
        # one ruff process each for the whole tree, whatever its size.
        # --no-cache: no `.ruff_cache` left in the directory the user runs cccgen from.
        options = ["--isolated", "--no-cache", "--quiet", "--line-length", "100"]
        options += ["--target-version", "py311"]
        for command in (
            [
                sys.executable,
                "-m",
                "ruff",
                "check",
                "--select",
                "I,RUF022",
                "--fix",
                *options,
                str(root),
            ],
            [sys.executable, "-m", "ruff", "format", *options, str(root)],
        ):
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise FormatError(
                    f"ruff failed on the generated code:\n{(done.stderr or done.stdout).strip()}"
                )
        formatted = {path: (root / path).read_text(encoding="utf-8") for path in python}
    return {**files, **formatted}
