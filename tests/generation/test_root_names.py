"""`reserved.ROOT_NAMES` must name every fixed export of the package root, or the clash check
(a spec model called `Client` or `Issue`) silently misses one."""

from __future__ import annotations

from pathlib import Path

import ccc
from cccgen import model as m
from cccgen.exports import package_exports
from cccgen.reserved import ROOT_IMPORTS, ROOT_NAMES


def test_every_root_export_is_known_to_the_clash_check(service: m.Service) -> None:
    spec_names = {e.name for op in service.operations for e in op.enums}
    spec_names |= {o.name for op in service.operations for o in (op.request, *op.objects())}
    known = set(ROOT_NAMES) | {n for names in package_exports(service).values() for n in names}
    unaccounted = sorted(set(ccc.__all__) - spec_names - known)
    assert unaccounted == [], f"add these to reserved.ROOT_NAMES: {unaccounted}"


def test_the_package_template_takes_the_root_names_from_reserved(repo_root: Path) -> None:
    # One source: the template renders the imports and `__all__` of the root's fixed names from
    # `reserved.ROOT_IMPORTS`, so it cannot name one the clash check does not know.
    template = repo_root / "generator" / "cccgen" / "templates" / "package_init.py.jinja"
    text = template.read_text(encoding="utf-8")
    assert [name for name in ROOT_NAMES if name in text] == []
    assert set(ROOT_NAMES) == {n for names in ROOT_IMPORTS.values() for n in names}
    assert set(ROOT_NAMES) <= set(ccc.__all__)
    assert all(getattr(ccc, name) is not None for name in ROOT_NAMES)
