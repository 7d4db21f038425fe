# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/sources.py.
# Do not edit by hand: change the original and run `make generate`.
"""The inputs named on the command line: files, directories (searched recursively for
`*.json`, `*.jsonl` and `*.ndjson`, hidden folders skipped), glob patterns and `-` for standard
input, in order, each once; and what a located problem with an input looks like.

Finding inputs never raises for bad arguments: one that names nothing readable (an unreadable
folder, with the system's reason; a pattern that matches nothing) becomes an `Unreadable` in its
place. Reading them is `inputs`.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .files import reason

__all__ = [
    "JSONL_SUFFIXES",
    "JSON_SUFFIXES",
    "STDIN",
    "Note",
    "Source",
    "Unreadable",
    "expand",
]

JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One input: `name` is how it is reported, `path` None for standard input."""

    name: str
    path: str | None
    jsonl: bool | None  # None: standard input, decided by its content
    size: int = 0


@dataclass(frozen=True, slots=True)
class Note:
    """A located remark about the input itself (not the payload), e.g. a byte order mark."""

    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input (line 0) or a response (its line and column) that could not be read."""

    source: Source
    line: int
    column: int
    message: str
    kind: Literal["io", "json"]
    warnings: tuple[Note, ...] = ()


def _has_magic(text: str) -> bool:
    return any(c in text for c in "*?[")


def _is_jsonl_name(name: str) -> bool:
    return name.lower().endswith(JSONL_SUFFIXES)


def _is_input_name(name: str) -> bool:
    return name.lower().endswith(JSON_SUFFIXES + JSONL_SUFFIXES)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _walk(directory: str) -> list[tuple[str, str] | Unreadable]:
    """`(name, real path)` of the `*.json`, `*.jsonl` and `*.ndjson` files under `directory`,
    sorted, hidden folders skipped, and an `Unreadable` in place of each folder that cannot be
    read. One `realpath` per folder, not per file: thousands of files cost thousands of system
    calls less."""
    found: list[tuple[str, str] | Unreadable] = []

    def unreadable(exc: OSError) -> None:
        found.append(_folder_problem(exc, directory))

    for root, dirs, files in os.walk(directory, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        prefix = os.path.normpath(root)
        prefix = "" if prefix == os.curdir else prefix + os.sep
        real = os.path.realpath(root) + os.sep
        found.extend((prefix + f, real + f) for f in sorted(files) if _is_input_name(f))
    return found


def _folder_problem(exc: OSError, directory: str) -> Unreadable:
    name = os.path.normpath(str(exc.filename or directory))
    message = f"cannot read this directory: {reason(exc)}"
    return Unreadable(Source(name, name, None), 0, 0, message, "io")


def _closed_folders(pattern: str) -> list[Unreadable]:
    """The folders a recursive pattern (`**`) could not look into, which `glob` skips silently:
    its fixed start walked again, folders only, hidden ones skipped as `glob` does."""
    parts = pattern.replace(os.sep, "/").split("/")
    fixed = []
    for part in parts[:-1]:
        if _has_magic(part):
            break
        fixed.append(part)
    root = "/".join(fixed) or ("/" if pattern.startswith(("/", os.sep)) else os.curdir)
    found: list[Unreadable] = []

    def unreadable(exc: OSError) -> None:
        if not isinstance(exc, (FileNotFoundError, NotADirectoryError)):  # gone: nothing to match
            found.append(_folder_problem(exc, root))

    for _, dirs, _ in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
    return found


def expand(
    arguments: Sequence[str], *, jsonl: bool = False, sizes: bool = True
) -> list[Source | Unreadable]:
    """The inputs named by files, directories, glob patterns and `-`, in order, each once.

    An argument that names nothing readable becomes an `Unreadable` (kind "io") in its place.
    `sizes=False` leaves `Source.size` 0 for JSON documents (one system call less per file when
    no progress bar needs the total); JSON Lines files always have theirs.
    """
    sources: list[Source | Unreadable] = []
    seen: set[str] = set()

    def add(path: str, key: str | None = None) -> None:
        key = key or os.path.realpath(path)
        if key in seen:
            return
        seen.add(key)
        lines = jsonl or _is_jsonl_name(path)
        sources.append(Source(path, path, lines, _size(path) if sizes or lines else 0))

    def problem(argument: str, message: str) -> None:
        sources.append(Unreadable(Source(argument, argument, jsonl), 0, 0, message, "io"))

    def walk(directory: str) -> list[tuple[str, str] | Unreadable]:
        found = _walk(directory)
        for item in found:
            if isinstance(item, Unreadable):
                sources.append(item)
            else:
                add(*item)
        return found

    for argument in arguments:
        if argument == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                sources.append(Source("<stdin>", None, True if jsonl else None))
            continue
        if os.path.isdir(argument):
            if not walk(argument):
                problem(argument, "no *.json, *.jsonl or *.ndjson files in this directory")
            continue
        try:
            os.lstat(argument)
        except (FileNotFoundError, NotADirectoryError):
            pass
        except OSError as exc:  # e.g. in a folder we may not search: say so, not "no such file"
            problem(argument, f"cannot read: {reason(exc)}")
            continue
        else:
            add(argument)
            continue
        if _has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            closed = _closed_folders(argument) if "**" in argument else []
            sources.extend(closed)
            if not matches and not closed:
                problem(argument, "no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    walk(match)
                else:
                    add(match)
        else:
            problem(argument, "no such file or directory")
    return sources
