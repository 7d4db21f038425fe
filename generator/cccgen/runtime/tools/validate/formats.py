"""The report formats of `validate`, apart from the reports themselves: building the command
line (`arguments`, which `cccgen validate` imports before handing over to the generated package)
needs their names only."""

from __future__ import annotations

__all__ = ["FORMATS"]

FORMATS = ("text", "json", "junit", "github", "markdown", "html")
