"""A service cut down to some of its operations (`cccgen vendor --operations`).

Every model an operation needs is its own (the spec gives each operation its own models, the
importer prefixes nested ones with the operation's name), so the operations chosen, with the
service's shared parts (endpoints, gateway errors, the error envelope), are a whole service:
generating it gives a package with exactly those operations and the models they need.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from cccgen import model as m


class UnknownOperationError(ValueError):
    """An operation asked for is not in the spec; the message names it and the known ones."""


def only_operations(service: m.Service, names: Collection[str]) -> m.Service:
    """`service` with the operations named in `names` only, in the spec's order."""
    known = [op.name for op in service.operations]
    unknown = sorted(set(names) - set(known))
    if unknown:
        shown = ", ".join(known[:20]) + (f", ... ({len(known)} in all)" if len(known) > 20 else "")
        raise UnknownOperationError(
            f"no operation {', '.join(unknown)} in {service.name} (known: {shown})"
        )
    if not names:
        raise UnknownOperationError("no operation named")
    wanted = set(names)
    chosen = tuple(op for op in service.operations if op.name in wanted)
    groups = tuple(
        dataclasses.replace(g, operations=tuple(n for n in g.operations if n in wanted))
        for g in service.groups
    )
    return dataclasses.replace(
        service, operations=chosen, groups=tuple(g for g in groups if g.operations)
    )
