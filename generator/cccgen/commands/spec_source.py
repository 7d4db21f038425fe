"""Which spec a command reads: the `--spec` given, else `./spec` (a checkout), else the spec
bundled with cccgen; every command says which one it used.

The bundled spec is `spec/` of the source tree: a wheel carries it as `cccgen/_data/spec/`
(mapped there by pyproject.toml, never copied by hand); an editable install or a plain checkout
reads `spec/` beside `generator/`. Its directory is named `spec` either way, so generated headers
("from spec/ccc/service.yaml") do not depend on where cccgen is installed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import cccgen

LOCAL = Path("spec")
MISSING_HINT = "(pass --spec, or run from a checkout)"


@dataclass(frozen=True)
class SpecChoice:
    paths: list[Path]
    label: str  # how messages name it: "spec", "the spec bundled with cccgen 0.1.0"


def bundled_spec() -> Path | None:
    """The spec cccgen carries, or None when this installation has none."""
    package = Path(cccgen.__file__).resolve().parent
    for candidate in (package / "_data" / "spec", package.parent.parent / "spec"):
        if any(candidate.glob("*/service.yaml")):
            return candidate
    return None


def missing(path: Path) -> str:
    """The message for a spec path that does not exist, with a hint."""
    return f"no spec at {path} {MISSING_HINT}"


def choose(given: list[Path] | None, prog: str) -> SpecChoice | None:
    """The spec to read; None (after saying why on stderr) when there is none."""
    if given:
        absent = [path for path in given if not path.exists()]
        for path in absent:
            print(f"{prog}: {missing(path)}", file=sys.stderr)
        return None if absent else SpecChoice(given, ", ".join(str(p) for p in given))
    if LOCAL.is_dir():
        return SpecChoice([LOCAL], str(LOCAL))
    bundled = bundled_spec()
    if bundled is None:
        print(f"{prog}: {missing(LOCAL)}", file=sys.stderr)
        return None
    label = f"the spec bundled with cccgen {cccgen.__version__}"
    print(f"{prog}: no ./{LOCAL} here; using {label} ({bundled})", file=sys.stderr)
    return SpecChoice([bundled], label)
