# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/attribution.py.
# Do not edit by hand: change the original and run `make generate`.
"""Which operation a capture answers, from its path: the convention `get` captures follow.

A capture belongs to operation `Op` when its file is named `Op.json` / `Op.jsonl` (or
`Op.<anything>.json`, e.g. `GetCallDetailRecord.2026-12-01.jsonl`), or when it lies in a folder
named `Op` (`captures/ListCallDetailRecords/page-1.json`; the nearest such folder wins). A
capture none of that names, with no `--operation` and more than one operation in the package,
cannot be attributed: it is reported as such, never matched against every operation to guess.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Collection

__all__ = ["UNATTRIBUTED", "operation_of"]

UNATTRIBUTED = (
    "cannot tell which operation this capture answers: name it with --operation, or keep it "
    "in a file or folder named after the operation (e.g. captures/GetCallDetailRecord/1.json "
    "or GetCallDetailRecord.jsonl)"
)


def operation_of(name: str, operations: Collection[str]) -> str | None:
    """The operation the input `name` (as given or found) is named after, if any."""
    # Imported here: a run with --operation attributes nothing and never loads pathlib
    # (with urllib.parse and ipaddress, ~3 ms of start-up).
    from pathlib import PurePath

    parts = PurePath(name).parts
    if not parts:
        return None
    stem = parts[-1].split(".", 1)[0]
    if stem in operations:
        return stem
    for folder in reversed(parts[:-1]):
        if folder in operations:
            return folder
    return None
