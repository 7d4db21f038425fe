"""Soft keywords (`match`, `case`, `type` since Python 3.12) are valid attribute names: a spec
field that becomes one loads and generates on every supported Python, the same bytes on each."""

from __future__ import annotations

import keyword
from pathlib import Path

import pytest
from cccgen.naming import identifier_problem
from cccgen.spec.loader import load_service
from generation.helpers import copy_spec, edit

OP = "GetCallDetailRecord.yaml"


@pytest.mark.parametrize("name", ["match", "case", "type"])
def test_soft_keyword_is_a_valid_attribute(name: str) -> None:
    assert identifier_problem(name) is None


@pytest.mark.parametrize("name", sorted(keyword.kwlist))
def test_hard_keyword_is_not(name: str) -> None:
    assert identifier_problem(name) == f"{name!r} is a Python keyword"


def test_spec_with_soft_keyword_fields_loads(tmp_path: Path) -> None:
    service_file = copy_spec(tmp_path)
    d = service_file.parent
    edit(
        d / OP,
        "        AgentIds:\n",
        "        Match:\n          type: string\n        Case:\n          type: string\n"
        "        AgentIds:\n",
    )
    service = load_service(service_file)
    names = {
        f.python_name
        for obj in next(o for o in service.operations if o.name == "GetCallDetailRecord").objects()
        for f in obj.fields
    }
    assert {"match", "case", "type"} <= names
