# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/deprecation.py.
# Do not edit by hand: change the original and run `make generate`.
"""Warn that an operation is deprecated, pointing at the caller's line, not the client's.

A client method may be reached through its plain twin, a pager or an ``await``: the warning
is attributed to the first frame outside the generated package, so ``-W error`` and
warnings filters name the code that made the call. Standard library only.
"""

from __future__ import annotations

import sys
import warnings


def _inside(module: object, package: str) -> bool:
    return isinstance(module, str) and (
        module in (package, __name__) or module.startswith(f"{package}.")
    )


def warn_deprecated(message: str, package: str | None) -> None:
    """Issue a :class:`DeprecationWarning` with ``message`` at the first frame whose module is
    not in ``package`` (the generated package) nor this runtime."""
    level = 2  # the caller of this function
    frame = sys._getframe(1)
    root = package or ""
    while frame.f_back is not None and _inside(frame.f_globals.get("__name__"), root):
        frame = frame.f_back
        level += 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)


__all__ = ["warn_deprecated"]
