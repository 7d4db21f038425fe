"""Inputs anywhere fsspec reaches (`s3://...`, `gs://...`, `memory://...`), next to local ones,
for `validate --dask`: finding them, and reading them whole or by byte range.

An argument with a protocol (`NAME://`) is a URL: a file, a folder (searched recursively for
`*.json`, `*.jsonl` and `*.ndjson`, hidden folders skipped, in the same order, as local
folders are) or a glob pattern; any other argument is expanded exactly as a local run expands it (`sources.expand`),
so local inputs get the same names, order and problems. Reading never raises for bad input: a
URL that names nothing, a filesystem whose package is missing (`s3://` without s3fs), a read
that fails, each becomes an `Unreadable` in its place, as for local files.

fsspec is imported when a URL is first met: local inputs never need it.
"""

from __future__ import annotations

import importlib
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from . import ranges
from .files import DOCUMENT_LIMIT, TooLarge, open_regular, reason
from .inputs import _BOM, FastCheck, Passed, Record, _read_document, _read_lines, read_source
from .sources import JSON_SUFFIXES, JSONL_SUFFIXES, Source, Unreadable, expand

__all__ = ["RangeItems", "expand_inputs", "is_url", "read_input"]

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_MAGIC = re.compile(r"[*?\[]")


def is_url(path: str | None) -> bool:
    """Whether `path` names an fsspec URL rather than a local file."""
    return path is not None and _URL.match(path) is not None


def _fsspec() -> Any:
    return importlib.import_module("fsspec")  # untyped; only when a URL is met


def _why(exc: BaseException) -> str:
    """A filesystem error as a phrase, whatever package raised it."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError) and exc.strerror:
        return reason(exc)
    return str(exc) or type(exc).__name__


def _is_input(name: str) -> bool:
    return name.lower().endswith(JSON_SUFFIXES + JSONL_SUFFIXES)


def _hidden(path: str, root: str) -> bool:
    """Whether a folder between `root` and `path` is hidden (`.git`, `.cache`)."""
    inner = path[len(root) :].strip("/").split("/")[:-1]
    return any(part.startswith(".") for part in inner)


def _walk_order(paths: Iterable[str], root: str) -> list[str]:
    """`paths` found under the folder `root`, in the order a local run walks a folder
    (`os.walk`, top down): a folder's files by name, then each subfolder by name, in turn. A
    plain sort of whole paths would differ (`Op.x.json` before `Op/1.json`, `z.json` after)."""

    def key(path: str) -> tuple[tuple[int, str], ...]:
        *folders, name = path[len(root) :].strip("/").split("/")
        return (*((1, folder) for folder in folders), (0, name))

    return sorted(paths, key=key)


def _inside(fs: Any, folder: str) -> dict[str, Any]:
    """The inputs under `folder`, with their details, in a local run's order."""
    found = {
        p: i
        for p, i in fs.find(folder, detail=True).items()
        if _is_input(p) and not _hidden(p, folder)
    }
    return {p: found[p] for p in _walk_order(found, folder)}


def _expand_url(url: str, jsonl: bool) -> list[Source | Unreadable]:
    def problem(message: str) -> list[Source | Unreadable]:
        return [Unreadable(Source(url, url, jsonl), 0, 0, message, "io")]

    try:
        fs, path = _fsspec().core.url_to_fs(url)
        if _MAGIC.search(path):
            found = fs.glob(path, detail=True)
            files: dict[str, Any] = {}
            for match in sorted(found):  # as a local pattern: each folder walked in its place
                kind = found[match].get("type")
                if kind == "directory":
                    for inner, info in _inside(fs, match).items():
                        files.setdefault(inner, info)
                elif kind == "file":
                    files.setdefault(match, found[match])
            if not files:
                return problem("no file matches this pattern")
        elif fs.isdir(path):
            files = _inside(fs, path)
            if not files:
                return problem("no *.json, *.jsonl or *.ndjson files in this directory")
        else:
            info = fs.info(path)
            return [Source(url, url, jsonl or _jsonl_name(url), int(info.get("size") or 0))]
    except Exception as exc:  # noqa: BLE001 - missing, unreachable, no such filesystem package
        return problem(f"cannot read: {_why(exc)}")
    sources: list[Source | Unreadable] = []
    for found_path, details in files.items():
        name = fs.unstrip_protocol(found_path)
        size = int(details.get("size") or 0)
        sources.append(Source(name, name, jsonl or _jsonl_name(name), size))
    return sources


def _jsonl_name(name: str) -> bool:
    return name.lower().endswith(JSONL_SUFFIXES)


def _local(arguments: Sequence[str], jsonl: bool) -> list[Source | Unreadable]:
    """Local inputs as `sources.expand` finds them (with their sizes), each read by its absolute
    path: workers do not share this process's working directory."""
    found = expand(arguments, jsonl=jsonl, sizes=True)
    return [
        replace(s, path=os.path.abspath(s.path)) if isinstance(s, Source) and s.path else s
        for s in found
    ]


def expand_inputs(arguments: Sequence[str], *, jsonl: bool = False) -> list[Source | Unreadable]:
    """The inputs named by `arguments`, in order, each once: local ones as `sources.expand`
    finds them, URLs through fsspec."""
    if not any(is_url(a) for a in arguments):
        return _local(arguments, jsonl)
    found: list[Source | Unreadable] = []
    local: list[str] = []
    for argument in [*arguments, ""]:
        if argument and not is_url(argument):
            local.append(argument)
            continue
        if local:
            found.extend(_local(local, jsonl))
            local = []
        if argument:
            found.extend(_expand_url(argument, jsonl))
    seen: set[str] = set()
    unique: list[Source | Unreadable] = []
    for item in found:
        source = item.source if isinstance(item, Unreadable) else item
        if isinstance(item, Source) and source.name in seen:
            continue
        seen.add(source.name)
        unique.append(item)
    return unique


def _open(path: str) -> Any:
    """A binary file object of the caller's own, with its own position, for a local path or a
    URL (closed by the caller)."""
    if not is_url(path):
        return open(open_regular(path)[0], "rb")  # noqa: SIM115 - the caller closes it
    stream = _fsspec().open(path, "rb").open()
    if isinstance(stream, io.BytesIO):
        # A file held in memory: fsspec's memory filesystem hands every reader of a path this
        # very object, one position for all, so threads (a thread cluster's workers) reading
        # ranges of one file at once would race and read lines short. A reader of our own over
        # its bytes instead: shared, not copied (`getvalue` returns the object's bytes, which a
        # new `BytesIO` reads in place until written), so memory stays one copy of the file.
        return io.BytesIO(stream.getvalue())
    return stream


def read_input(
    source: Source, limit: int = DOCUMENT_LIMIT, fast: FastCheck | None = None
) -> Iterator[Record | Passed | Unreadable]:
    """Every response of a whole input, local or a URL; never raises for bad input. With a
    `fast` check, runs of valid responses come out as `Passed` (as `read_source` gives them)."""
    if not is_url(source.path):
        yield from read_source(source, None, limit, fast)
        return
    assert source.path is not None
    try:
        stream = _open(source.path)
    except Exception as exc:  # noqa: BLE001 - any filesystem's failure is a located problem
        yield Unreadable(source, 0, 0, f"cannot read: {_why(exc)}", "io")
        return
    with stream:
        try:
            if source.jsonl:
                yield from _read_lines(source, _buffered(stream), limit, fast=fast)
                return
            data = stream.read(limit + 1)
        except Exception as exc:  # noqa: BLE001
            yield Unreadable(source, 0, 0, f"cannot read: {_why(exc)}", "io")
            return
        if len(data) > limit:
            yield Unreadable(source, 0, 0, str(TooLarge(limit)), "io")
            return
        if fast is not None and not data.startswith(_BOM) and fast[0](data):
            yield Passed(source, 1, fast[1], len(data), 1)
            return
        yield from _read_document(source, data, limit)


def _buffered(raw: Any) -> io.BufferedReader:
    from .files import Stream

    return io.BufferedReader(Stream(raw), 1 << 16)


class RangeItems(ranges.RangeItems):
    """`ranges.RangeItems` of a local input or a URL."""

    @staticmethod
    def open(path: str) -> Any:
        return _open(path)

    @staticmethod
    def why(exc: BaseException) -> str:
        return _why(exc)
