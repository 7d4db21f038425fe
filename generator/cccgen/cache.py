"""cccgen's cache of pure computations, keyed by their inputs' content, in the user's cache
directory: what a run of `cccgen generate` or `check` would compute again with the very same
inputs (the whole formatted tree, datamodel-code-generator's output for one operation's schema,
ruff's formatting, Jinja's compiled templates) is read back instead, and a run whose inputs are
all known does not even import the tool that computes them.

Where: `$CCCGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/cccgen`, else `~/.cache/cccgen`;
`CCCGEN_NO_CACHE=1` turns it off. A cache that cannot be read or written is only a miss: the
value is computed as without it. Nothing is ever written beside the spec or the output.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from cccgen.writer import replace_file


def cache_dir() -> Path | None:
    """The cache directory (not necessarily existing yet), or None when caching is off."""
    if os.environ.get("CCCGEN_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("CCCGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "cccgen"
    home = Path.home() if "HOME" in os.environ or os.name == "nt" else None
    return home / ".cache" / "cccgen" if home is not None else None


#: The most values kept of one kind: the oldest written go first (checked once per process,
#: at its first new value of that kind), so the cache stays bounded however many specs it saw.
KEEP = 4000
#: Far fewer of the kinds whose values are whole trees: a one-operation tree is 1 MB, the whole
#: CCC API's some 23 MB (and a run that misses writes one of each kind), so at most ~1 GB.
#: The test folders that generate (with their own cache) wrote 12 whole and 11 formatted trees.
KEEP_OF = {"format": 20, "tree": 20}

_pruned: set[Path] = set()


def _prune(folder: Path) -> None:
    if folder in _pruned:
        return
    _pruned.add(folder)
    try:
        entries = [(entry.stat().st_mtime, entry) for entry in folder.glob("*.txt")]
        entries.sort()
        keep = KEEP_OF.get(folder.name, KEEP)
        for _, entry in entries[: max(0, len(entries) - keep)]:
            entry.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruning at the same time, or an unreadable directory


def cached_text(kind: str, key: Sequence[str], compute: Callable[[], str]) -> str:
    """`compute()`, or what it returned before for the same `key` (every input the result
    depends on, versions included) under `kind`."""
    root = cache_dir()
    if root is None:
        return compute()
    digest = hashlib.sha256()
    for part in key:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)
    path = root / kind / f"{digest.hexdigest()}.txt"
    try:
        with path.open(encoding="utf-8", newline="") as cached:  # the text exactly as written
            return cached.read()
    except (OSError, UnicodeDecodeError):
        pass
    text = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, text)  # a reader never sees half a value
        _prune(path.parent)
    except (OSError, UnicodeEncodeError):
        pass  # a read-only or full disk: the value was computed all the same
    return text
