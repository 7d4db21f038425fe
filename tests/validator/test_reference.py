"""The reference the differential tests hold the generated validator to is jsonschema's own:
the memoised reference (conftest's `memoised_reference`) and the lenient rows derived from a
strict run (conftest's `lenient_rows`), on the spec's examples and seeded mutants of them.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from validator.mutants import SEED, _examples, mutate


def _reference_payloads() -> list[Any]:
    """The examples (one repeated in a page, as the mutants' large page does) and 300 seeded
    mutants of them: what the references are compared with jsonschema on."""
    rng = random.Random(SEED + 1)
    bases = _examples()
    page = copy.deepcopy(bases[0])
    page["Data"]["AgentEvents"] = page["Data"]["AgentEvents"] * 5
    bases.append(page)
    return [*bases, *(mutate(rng, copy.deepcopy(bases[n % 3])) for n in range(300))]


def test_the_memoised_reference_is_jsonschema(schemas: dict[str, dict[str, Any]]) -> None:
    """The reference the differential tests use remembers jsonschema's errors per (subschema,
    value): on the examples and seeded mutants of them (one example repeated in a page, as the
    mutants' large page does), each error is jsonschema's own, with its paths, message and
    instance."""
    import jsonschema
    from validator.conftest import memoised_reference

    def errors(validator: Any, payload: Any) -> list[tuple[Any, ...]]:
        found = [
            (
                list(e.absolute_path),
                list(e.absolute_schema_path),
                e.validator,
                repr(e.validator_value),
                e.message,
                repr(e.instance),
                e.schema is not None,
            )
            for e in validator.iter_errors(payload)
        ]
        return sorted(found, key=repr)

    payloads = _reference_payloads()
    for schema in schemas.values():
        plain = jsonschema.Draft202012Validator(schema)
        memoised = memoised_reference(schema)
        remembered = 0
        for payload in payloads:
            expected = errors(plain, payload)
            assert errors(memoised, payload) == expected, payload
            assert memoised.is_valid(payload) is (not expected)
            remembered += bool(expected)
        assert remembered > 100  # the mutants' errors were compared, not only valid payloads


def test_the_lenient_rows_are_jsonschemas_own(schemas: dict[str, dict[str, Any]]) -> None:
    """The differential tests run jsonschema under the strict schema only and derive its rows
    under the lenient one (`lenient_rows`): on the examples and seeded mutants, of the response
    and of an error answer (under the error envelope), they are jsonschema's own rows there."""
    import json

    import jsonschema
    from validator.conftest import (
        SCHEMAS,
        assert_lenient_is_strict_without_drift,
        detailed_reference,
        lenient_rows,
    )

    envelope = {
        variant: json.loads((SCHEMAS / f"ErrorResponse{suffix}.schema.json").read_text("utf-8"))
        for variant, suffix in (("strict", ""), ("lenient", ".lenient"))
    }
    rng = random.Random(SEED + 3)
    error = {"RequestId": "r", "Code": "Forbidden", "Message": "m", "HttpStatusCode": 403}
    errors = [error, *(mutate(rng, copy.deepcopy(error)) for _ in range(100))]
    for variants, payloads in ((schemas, _reference_payloads()), (envelope, errors)):
        assert_lenient_is_strict_without_drift(variants["strict"], variants["lenient"])
        strict = jsonschema.Draft202012Validator(variants["strict"])
        lenient = jsonschema.Draft202012Validator(variants["lenient"])
        drift = 0
        for payload in payloads:
            rows = detailed_reference(strict, payload)
            assert lenient_rows(rows) == detailed_reference(lenient, payload), payload
            drift += rows != lenient_rows(rows)
        assert drift > len(payloads) // 10  # enum and unknown-field rows were left out
