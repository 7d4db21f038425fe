# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/escapes.py.
# Do not edit by hand: change the original and run `make generate`.
"""Text from inputs made safe to print: no control character reaches a terminal or a CI log.

Every byte of a capture (keys, values, file names) is hostile: a raw newline in a key forges a
new report line (or a GitHub workflow command such as `::error ...`), an escape sequence moves
the cursor or clears the screen. `visible` rewrites C0 controls, DEL, C1 controls, the Unicode
line and paragraph separators and the bidirectional overrides as backslash escapes (`\\n`,
`\\x1b`, `\\u202e`); everything else, backslashes included, is left as it is, so the function
is idempotent and file names stay readable. Standard library only.
"""

from __future__ import annotations

import re

__all__ = ["github_data", "github_property", "visible"]

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written as a backslash escape (one line, inert)."""
    if _UNSAFE.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return _UNSAFE.sub(_escape, text)


def github_data(text: str) -> str:
    """The message of a GitHub workflow command (`::error ...::MESSAGE`), as GitHub escapes it."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (`file=`, `title=`): also `:` and `,`."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
