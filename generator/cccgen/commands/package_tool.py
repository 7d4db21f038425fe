"""The generated package's own copy of a runtime tool, for the cccgen commands that drive the
package's client (`get`, `export-cdrs`).

The package carries its own copy of the runtime (`<package>._runtime`), so its classes are not
cccgen's (`cccgen.runtime`): an `except ConfigurationError` or an `isinstance` in cccgen's copy
of a tool never matches what the package's client raises or returns. Such a command therefore
builds its parser from cccgen's copy of the options (standard library only: the parser is built
before the package is looked at, and `--help` needs no package) and runs the package's copy of
the tool, which `python -m <package>` runs too: the two commands behave alike by construction.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from cccgen.runtime.core.errors import printable


def package_tool(package: str, tool: str, prog: str) -> ModuleType | None:
    """`<package>._runtime.tools.<tool>`, or None once the reason it cannot be imported is
    printed on stderr (the runtime's own wording for a missing package)."""
    try:
        return importlib.import_module(f"{package}._runtime.tools.{tool}")
    except ImportError as exc:
        message = f"cannot import the generated package {package!r}: {exc}"
        print(f"{prog}: {printable(message, 2000)}", file=sys.stderr)
        return None
