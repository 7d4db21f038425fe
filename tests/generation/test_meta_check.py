"""The meta-schema's compiled shortcut (cccgen.spec.meta_check) says "valid" only where
jsonschema finds nothing: structure.py skips jsonschema on its word, so a wrong "valid" would
lose a located problem."""

from __future__ import annotations

import copy
import datetime
import math
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cccgen import schemas
from cccgen.spec import meta_check, structure
from cccgen.spec.loader import load_service
from cccgen.spec.yaml_source import Located, load_yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: Small spec files of both kinds, every meta-schema definition reached by one of them.
#: Small spec files of both kinds, and how many of their mutants are compared.
DOCUMENTS = [
    (FIXTURES / "one_op" / "spec" / "ccc" / "service.yaml", 150),
    (FIXTURES / "one_op" / "spec" / "ccc" / "GetCallDetailRecord.yaml", 60),
    (FIXTURES / "multi" / "widgets" / "ListWidgets.yaml", 250),
    (FIXTURES / "multi" / "widgets" / "service.yaml", 300),
]
#: What a mutation writes at a path: each JSON type, numbers at the meta-schema's bounds,
#: strings each pattern or enum accepts or refuses, a trailing newline (`$` in patterns).
REPLACEMENTS: list[Any] = [
    None, True, False, 0, 1, 1.0, 2.5, -1, 399, 400, 599, 599.5, 600, math.inf, math.nan,
    "", "x", "A", "a_b", "Get", "Get\n", "ACS3-HMAC-SHA256", "GET", "service", "operation",
    "/", "json", "query", "2020-07-01", "x.yaml", [], ["x"], ["x", "x"], [1], {}, {"x": 1},
    {"zh": "z", "en": "e"}, {"type": "string"},
]  # fmt: skip


def jsonschema_finds_nothing(data: Any) -> bool:
    return next(iter(structure._meta_validator().iter_errors(data)), None) is None


def paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*path, index))


#: One change at one place: ("set", value), ("delete",), ("rename",) or ("add key",).
Change = tuple[Any, ...]


def changes(data: Any) -> list[tuple[tuple[Any, ...], Change]]:
    """Every value replaced by each of REPLACEMENTS, every key removed, every key renamed (a
    trailing newline), an unknown key added to every mapping."""
    found: list[tuple[tuple[Any, ...], Change]] = []
    for path in paths(data):
        if path:
            found.extend((path, ("set", replacement)) for replacement in REPLACEMENTS)
            if isinstance(path[-1], str):
                found += [(path, ("delete",)), (path, ("rename",))]
        if isinstance(value_at(data, path), dict):
            found.append((path, ("add key",)))
    return found


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def mutant(data: dict[str, Any], path: tuple[Any, ...], change: Change) -> dict[str, Any]:
    """`data` with `change` at `path`: the containers on the way are copied, the rest is
    shared (neither check changes what it reads)."""
    copied: dict[str, Any] = copy.copy(data)
    holder: Any = copied
    inner = path if change[0] == "add key" else path[:-1]
    for part in inner:
        holder[part] = copy.copy(holder[part])
        holder = holder[part]
    if change[0] == "add key":
        holder["unknownKey"] = 1
    elif change[0] == "set":
        holder[path[-1]] = copy.deepcopy(change[1])
    elif change[0] == "delete":
        del holder[path[-1]]
    else:
        holder[f"{path[-1]}\n"] = holder.pop(path[-1])
    return copied


def load(path: Path) -> Located:
    doc, problems = load_yaml(path.read_text(encoding="utf-8"), str(path))
    assert doc is not None and not problems, problems
    return doc


def test_the_meta_schema_is_compiled() -> None:
    """Every keyword of the meta-schema is modelled: the shortcut is on."""
    assert structure._meta_check() is not None


@pytest.mark.parametrize(
    ("path", "sample"), DOCUMENTS, ids=[f"{p.parent.name}/{p.name}" for p, _ in DOCUMENTS]
)
def test_valid_exactly_where_jsonschema_finds_nothing(path: Path, sample: int) -> None:
    """Mutants of a valid file, one change each, drawn with a fixed seed from every change
    `changes` lists (all of those of the first three files, 56,768 mutants, were compared once:
    no disagreement): each is valid to the shortcut exactly when jsonschema finds nothing."""
    check = structure._meta_check()
    data = load(path).data
    assert meta_check.valid(check, data) and jsonschema_finds_nothing(data)
    everything = changes(data)
    drawn = random.Random(f"{path.name}:{len(everything)}").sample(everything, sample)
    verdicts = []
    for where, change in drawn:
        changed = mutant(data, where, change)
        try:
            assert check is not None
            verdict = check(changed)
        except meta_check.Unsure:
            assert not meta_check.valid(check, changed)
            continue  # jsonschema decides: nothing to compare
        assert meta_check.valid(check, changed) == verdict
        assert verdict == jsonschema_finds_nothing(changed), (where, change)
        verdicts.append(verdict)
    assert len(set(verdicts)) == 2, "both answers are exercised"


SCALARS: list[Any] = [
    None, True, False, 0, 1, -1, 1.0, 0.0, 2.5, math.inf, math.nan, "", "1", "true", "x",
]  # fmt: skip


def test_types_and_equality_are_jsonschemas() -> None:
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER
    names = ["array", "boolean", "integer", "null", "number", "object", "string"]
    for value in [*SCALARS, [], [1], {}, {"a": 1}]:
        for name in names:
            assert meta_check.is_type(value, name) == checker.is_type(value, name), (value, name)
    for one in SCALARS:
        for two in SCALARS:
            expected = jsonschema._utils.equal(one, two)
            assert meta_check.equal(one, two) == expected, (one, two)


def test_a_value_not_modelled_goes_to_jsonschema() -> None:
    """A date (YAML `2020-01-01`) is neither valid nor invalid to the shortcut: jsonschema's
    problem is reported, located, as before."""
    doc = load(DOCUMENTS[1][0])
    doc.data["summary"]["en"] = datetime.date(2020, 1, 1)
    with pytest.raises(meta_check.Unsure):
        check = structure._meta_check()
        assert check is not None
        check(doc.data)
    problems: list[Any] = []
    structure.check_structure(doc, "operation", problems)
    assert [p.message for p in problems] == ["datetime.date(2020, 1, 1) is not of type 'string'"]
    assert problems[0].path == "summary.en"


def test_example_checks_report_what_jsonschema_reports() -> None:
    """The loader checks every example through `meta_check.SchemaErrors`, which asks
    jsonschema only about an example its compiled predicate does not pass: for mutants of the
    one-operation spec's examples (response, error, one field's), against the response schema,
    the error envelope and the field's own schema, it reports exactly jsonschema's errors."""
    service = load_service(FIXTURES / "one_op" / "spec" / "ccc" / "service.yaml")
    op = service.operations[0]
    assert service.error_response is not None
    field = next(f for f in op.response.fields if f.example is not None)
    cases = [
        (schemas.response_schema(op, strict=True), ex.response)
        for ex in op.examples
        if ex.response is not None
    ]
    cases += [
        (schemas.object_schema(service.error_response.body, strict=True), ex.error)
        for ex in op.examples
        if ex.error is not None
    ]
    cases.append(
        (schemas.type_schema(field.type, nullable=field.nullable, strict=True), field.example)
    )
    kinds = set()
    for number, (schema, example) in enumerate(cases):
        errors = meta_check.SchemaErrors(schema)
        assert errors.check is not None, "every keyword of the example schemas is modelled"
        validator = jsonschema.Draft202012Validator(schema)
        values = [example]
        if isinstance(example, dict):
            everything = [
                (where, change)
                for where, change in changes({"example": example})
                if len(where) > 1 or change[0] in ("set", "add key")
            ]
            drawn = random.Random(f"example {number}").sample(everything, min(len(everything), 80))
            values += [mutant({"example": example}, w, c)["example"] for w, c in drawn]
        for value in values:
            found = [(e.message, list(e.absolute_path)) for e in errors(value)]
            expected = [(e.message, list(e.absolute_path)) for e in validator.iter_errors(value)]
            assert found == expected, value
            kinds.add(bool(found))
    assert kinds == {True, False}, "both answers are exercised"
