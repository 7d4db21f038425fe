"""`reserved.ROOT_NAMES` must name every fixed export of the package root, or the clash check
(a spec model called `Client` or `Issue`) silently misses one."""

from __future__ import annotations

import ccc
from cccgen import model as m
from cccgen.emit.client import package_exports
from cccgen.reserved import ROOT_NAMES


def test_every_root_export_is_known_to_the_clash_check(service: m.Service) -> None:
    spec_names = {e.name for op in service.operations for e in op.enums}
    spec_names |= {o.name for op in service.operations for o in (op.request, *op.objects())}
    known = set(ROOT_NAMES) | {n for names in package_exports(service).values() for n in names}
    unaccounted = sorted(set(ccc.__all__) - spec_names - known)
    assert unaccounted == [], f"add these to reserved.ROOT_NAMES: {unaccounted}"
