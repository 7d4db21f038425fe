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
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cccgen import __version__
from cccgen import model as m
from cccgen.cache import cache_dir, cached_text
from cccgen.problems import Problem, SpecError
from cccgen.spec.codegen_checks import check_services
from cccgen.spec.loader import load_service
from cccgen.subset import only_operations

Files = dict[str, str]

if TYPE_CHECKING:
    from cccgen.emitters import Emitter


class FormatError(RuntimeError):
    """ruff could not format the generated code (a generator bug, never a spec problem)."""


class GeneratorBugError(RuntimeError):
    """An emitter failed on a spec the check stage accepted: the generator's fault."""


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
    pairs = zip(service_files, services, strict=True)
    digests = [spec_digest(path, service) for path, service in pairs]
    # The tree is a pure function of the checked services, the spec files, the generator's own
    # files and the versions of the tools it runs: a run with the very same inputs reads it
    # back from cccgen's cache (`cccgen.cache`), without importing an emitter (jinja2, the
    # validator compiler) or formatting anything.
    key = _tree_key(services, digests) if cache_dir() is not None else None
    if key is None:
        return _emit_tree(services, digests)
    text = cached_text("tree", key, lambda: json.dumps(_emit_tree(services, digests)))
    tree = _as_files(text)
    if tree is None:  # not a tree (a damaged or foreign cache file): computed again
        tree = _emit_tree(services, digests)
    return tree


def _emit_tree(services: list[m.Service], digests: list[str]) -> Files:
    """Every emitter's files for checked services, formatted."""
    # Imported here: loading and checking a spec needs no emitter (nor jinja2, nor
    # datamodel-code-generator), and a spec with problems never gets this far.
    from cccgen.emitters import EMITTERS, TREE_EMITTERS, emit_package

    files: Files = {}
    for service, digest in zip(services, digests, strict=True):
        produced = run_emitters(service, EMITTERS)
        produced.update(emit_package(service, digest))
        twice = sorted(path for path in produced if path in files)
        if twice:  # the check stage refuses two services with one package name
            raise GeneratorBugError(f"{twice[0]} is produced by two services")
        files.update(produced)
    for tree_emitter in TREE_EMITTERS:
        files.update(tree_emitter(services))
    return format_python(files)


#: Third-party packages the emitters and the formatter run (the models tool's versions are in
#: `emit.models._tool_key`): each is named by its location and its `__init__.py`'s size and
#: modification time, as the ruff executable is, so that installing another version is
#: another key.
_TOOLS = ("jinja2", "markupsafe")


def _tree_key(services: list[m.Service], digests: list[str]) -> tuple[str, ...] | None:
    """Everything the generated tree depends on, or None when some of it cannot be read (the
    tree is then computed, not cached). The model's repr holds every field the emitters read
    (only `location`s are left out, which no emitter reads), the digests every spec file's
    bytes."""
    from cccgen.emit.models import _tool_key

    ruff = _ruff_binary()
    try:
        facts = Path(ruff).stat()
        generator = _generator_digest()
        tools = [_package_mark(name) for name in _TOOLS]
    except OSError:
        return None
    return (
        f"cccgen {__version__} {generator}",
        f"python {sys.version}",
        *_tool_key(),
        *tools,
        f"ruff {ruff} {facts.st_size} {facts.st_mtime_ns}",
        json.dumps(_RUFF_OPTIONS),
        json.dumps(digests),
        repr(services),
    )


def _package_mark(name: str) -> str:
    """Where package `name` is installed and its `__init__.py`'s size and modification time,
    found without importing it (importing jinja2 alone costs a run 30 ms). OSError when
    it is not a file."""
    found = importlib.util.find_spec(name)
    origin = found.origin if found is not None else None
    if origin is None:
        return f"{name} not installed"
    facts = os.stat(origin)
    return f"{name} {origin} {facts.st_size} {facts.st_mtime_ns}"


@cache
def _generator_digest() -> str:
    """SHA-256 over every file of the cccgen package (code, templates, the runtime copied into
    generated packages), by relative path, `__pycache__` left out: any change to the generator
    is another tree key."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
            data = path.read_bytes()
            digest.update(len(relative).to_bytes(8, "big") + relative)
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _as_files(text: str) -> Files | None:
    """The tree a cache value holds, or None unless it is a tree: text by relative POSIX paths
    that stay inside the output (no `..`, no absolute or empty part, no backslash)."""
    try:
        tree = json.loads(text)
    except ValueError:
        return None
    if not isinstance(tree, dict):
        return None
    for path, value in tree.items():
        if not isinstance(value, str) or not path or "\\" in path or path.startswith("/"):
            return None
        if any(part in ("", ".", "..") for part in path.split("/")):
            return None
    return tree


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


@cache
def _ruff_binary() -> str:
    """The pinned ruff's executable, found the way `python -m ruff` finds it (`find_ruff_bin`),
    and run directly: one Python start-up less per ruff run."""
    from ruff import find_ruff_bin  # type: ignore[import-untyped]

    try:
        found: str = find_ruff_bin()
    except FileNotFoundError as exc:
        raise FormatError(f"cannot run ruff: {exc}") from exc
    return found


#: ruff's options: line length and target as in pyproject.toml, no configuration file read.
_RUFF_OPTIONS = ["--isolated", "--no-cache", "--quiet", "--line-length", "100"]
_RUFF_OPTIONS += ["--target-version", "py311"]


def format_python(files: Files) -> Files:
    """Run ruff's formatter (pinned) over every Python file, in one process.

    Markdown files go through it too: ruff formats their ```python code blocks, and
    `ruff format --check generated` (make lint) checks them. The formatted tree is kept in
    cccgen's cache (`cccgen.cache`), keyed by every file's path and text, the options and
    the ruff executable (path, size, modification time): a run that formats the very same
    tree again reads it back instead of writing it out and starting ruff twice.
    """
    python = {path: text for path, text in files.items() if path.endswith((".py", ".md"))}
    ruff = _ruff_binary()
    facts = Path(ruff).stat()
    key = (
        f"ruff {ruff} {facts.st_size} {facts.st_mtime_ns}",
        json.dumps(_RUFF_OPTIONS),
        json.dumps(sorted(python.items()), ensure_ascii=False),
    )
    text = cached_text("format", key, lambda: json.dumps(_run_ruff(ruff, python)))
    formatted = _as_tree(text, python.keys())
    if formatted is None:  # not what was stored for this key (a damaged or foreign cache file)
        formatted = _run_ruff(ruff, python)
    return {**files, **formatted}


def _as_tree(text: str, paths: Collection[str]) -> Files | None:
    """The formatted tree a cache value holds (`_as_files`), or None unless it is exactly the
    files asked for (so a cache file can never add, drop or rename a generated file)."""
    tree = _as_files(text)
    return tree if tree is not None and tree.keys() == set(paths) else None


def _run_ruff(ruff: str, python: Files) -> Files:
    """`python` as ruff sorts and formats it."""
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
        for command in (
            [ruff, "check", "--select", "I,RUF022", "--fix", *_RUFF_OPTIONS, str(root)],
            [ruff, "format", *_RUFF_OPTIONS, str(root)],
        ):
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise FormatError(
                    f"ruff failed on the generated code:\n{(done.stderr or done.stdout).strip()}"
                )
        return {path: (root / path).read_text(encoding="utf-8") for path in python}
