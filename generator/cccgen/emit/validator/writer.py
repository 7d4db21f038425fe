"""What the fast and the collecting emitters share: an indenting line writer, and the module's
named constants (named after what they hold: `_ENUM_CONTACT_TYPE`, `_PROPERTIES_AGENT_EVENT`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from cccgen.emit.validator import conditions as c
from cccgen.naming import constant_case


class Writer:
    def __init__(self, *, decide: bool = False) -> None:
        self.lines: list[str] = []
        self._level = 0
        self.decide = decide  # the collecting code as a boolean: `return False` at the first issue

    def issue(self, factory_call: str) -> None:
        self("return False" if self.decide else f"issues.append({factory_call})")

    def fail_if(self, condition: c.Condition) -> None:
        """`if condition: return False`, remembered so that `finish` can fold a final one."""
        self(f"if {c.render(condition)}:")
        self.lines.append("    " * (self._level + 1) + "return False")
        self._last = (len(self.lines), self._level, condition)

    def finish(self) -> None:
        """`return True` ending a deciding function; a last top-level `if c: return False`
        becomes `return not c` (the condition is data: negated, not re-parsed)."""
        last = getattr(self, "_last", None)
        if last is not None and last[0] == len(self.lines) and last[1] == 0:
            del self.lines[-2:]
            self(f"return {c.render(c.negate(last[2]))}")
        else:
            self("return True")

    def __call__(self, text: str) -> None:
        self.lines.append("    " * self._level + text)

    @contextmanager
    def block(self, head: str) -> Iterator[None]:
        self(head)
        self._level += 1
        mark = len(self.lines)
        yield
        if len(self.lines) == mark:
            self("pass")
        self._level -= 1


def identifier_part(text: str, fallback: str) -> str:
    """An upper-case identifier piece from any spec name (anything unusual dropped)."""
    part = re.sub(r"[^A-Z0-9_]", "", constant_case(text))
    return part if part and not part[0].isdigit() else fallback


class Constants:
    """Module-level constants, each value defined once, under a name that says what it is."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._sources: dict[str, str] = {}
        self.helpers: set[str] = set()

    def add(self, hint: str, source: str, *, shared: bool = True) -> str:
        """The constant holding `source`; `shared`: one constant per distinct value, whatever
        the hint (sets, tuples, rules), else one per hint (descriptions, one per field)."""
        key = ("", source) if shared else (hint, source)
        if key not in self._by_key:
            name, n = f"_{hint}", 1
            while name in self._sources:
                n += 1
                name = f"_{hint}_{n}"
            self._by_key[key] = name
            self._sources[name] = source
        return self._by_key[key]

    def named(self, hints: tuple[str, ...], source: str) -> str:
        """The constant holding `source` under the first hint free or already holding it
        (`_DESC_CONTACT_ID`, or `_DESC_AGENT_EVENT_CONTACT_ID` when that one is taken)."""
        for hint in hints:
            held = self._sources.get(f"_{hint}")
            if held is None or held == source:
                return self.add(hint, source, shared=False)
        return self.add(hints[-1], source, shared=False)

    def helper(self, name: str) -> str:
        self.helpers.add(name)
        return name

    def items(self) -> list[tuple[str, str]]:
        return list(self._sources.items())
