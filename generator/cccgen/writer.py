"""Writing the generated tree in one swap, and comparing it with what is on disk.

The new tree is written in full beside the old one, then swapped in with two renames. If the
process dies between them, the next run finds `<out>.previous` and puts it back first, so a
reader never sees a half-written tree and nothing already there is lost.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


def _ignored(path: Path) -> bool:
    return any(part in IGNORED_PARTS for part in path.parts) or path.suffix == ".pyc"


def read_tree(root: Path) -> dict[str, bytes]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not _ignored(path.relative_to(root))
    }


def _recover(out: Path) -> None:
    previous = out.with_name(out.name + ".previous")
    if previous.exists() and not out.exists():
        previous.rename(out)
    elif previous.exists():
        shutil.rmtree(previous)


def write_tree(out: Path, files: dict[str, str]) -> None:
    """Replace the directory `out` with exactly `files`, atomically as far as a reader sees."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    try:
        for rel, text in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            # newline="" keeps "\n" on every platform: the bytes must not depend on the OS.
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)
        previous = out.with_name(out.name + ".previous")
        if out.exists():
            out.rename(previous)
        staging.rename(out)
        if previous.exists():
            shutil.rmtree(previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _recover(out)
        raise


@dataclass(frozen=True)
class Staleness:
    changed: list[str]
    missing: list[str]
    extra: list[str]

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.extra)

    def lines(self) -> list[str]:
        return (
            [f"changed: {p}" for p in self.changed]
            + [f"missing: {p}" for p in self.missing]
            + [f"extra:   {p}" for p in self.extra]
        )


def compare_tree(out: Path, files: dict[str, str]) -> Staleness:
    on_disk = read_tree(out)
    wanted = {rel: text.encode("utf-8") for rel, text in files.items()}
    return Staleness(
        changed=sorted(p for p in wanted if p in on_disk and on_disk[p] != wanted[p]),
        missing=sorted(p for p in wanted if p not in on_disk),
        extra=sorted(p for p in on_disk if p not in wanted),
    )
