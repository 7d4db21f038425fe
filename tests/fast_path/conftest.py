"""Fixtures for the fast path of `validate_json`: both halves of its soundness, on one payload.

- Accepted by msgspec ⇒ the text is JSON to the standard library and the payload is valid to
  jsonschema (Draft 2020-12) and to the generated validator.
- Whatever it is, `validate_json` reports exactly what `validate_response` reports for the
  standard library's parse (or raises InvalidJSONError where that parse fails).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from validator.conftest import memoised_reference

SCHEMAS = Path(__file__).resolve().parents[2] / "generated" / "ccc" / "schemas"
OPERATION = "GetCallDetailRecord"
VARIANTS = {"strict": "", "lenient": ".lenient"}


class Soundness:
    """Checks one JSON text in both modes; counts what the fast path accepted."""

    def __init__(self) -> None:
        import ccc
        from ccc._runtime.core.validation_json import parse_json

        self.ccc = ccc
        self.parse = parse_json
        # jsonschema, remembering its verdict per (subschema, value): each payload is checked
        # in two spellings, and mutants share most of their values (tests/validator's
        # test_the_memoised_reference_is_jsonschema checks it is jsonschema's own).
        self.references = {
            variant: memoised_reference(
                json.loads(
                    (SCHEMAS / f"{OPERATION}.response{suffix}.schema.json").read_text("utf-8")
                )
            )
            for variant, suffix in VARIANTS.items()
        }
        self.accept = {
            variant: ccc.validators.fast_json(OPERATION, strict=variant == "strict")
            for variant in VARIANTS
        }
        assert all(self.accept.values()), "msgspec is installed here: the fast path must exist"
        # The package as installed without msgspec: the standard library's parse, and the
        # compiled fast path in place of measuring the depth of a payload it passes.
        self.stdlib = ccc.validators._JSON.without_msgspec()
        self.checked = 0
        self.accepted = {variant: 0 for variant in VARIANTS}

    def __call__(self, data: bytes | str) -> dict[str, bool]:
        """Check `data` in both modes; whether the fast path accepted it in each."""
        ccc = self.ccc
        self.checked += 1
        verdicts: dict[str, bool] = {}
        try:
            payload: Any = self.parse(data)
        except ccc.InvalidJSONError:
            payload = ccc.InvalidJSONError
        for variant, reference in self.references.items():
            strict = variant == "strict"
            accept = self.accept[variant]
            assert accept is not None
            accepted = accept(data)
            verdicts[variant] = accepted
            if payload is ccc.InvalidJSONError:
                assert not accepted, (variant, data)
                with pytest.raises(ccc.InvalidJSONError):
                    ccc.validate_json(OPERATION, data, strict=strict)
                assert not ccc.is_valid_json(OPERATION, data, strict=strict)
                with pytest.raises(ccc.InvalidJSONError):
                    self.stdlib.validate(OPERATION, data, strict)
                assert not self.stdlib.is_valid(OPERATION, data, strict)
                continue
            expected = ccc.validate_response(OPERATION, payload, strict=strict)
            if accepted:
                self.accepted[variant] += 1
                assert reference.is_valid(payload), (variant, data)
                assert expected == [], (variant, data)
            assert ccc.validate_json(OPERATION, data, strict=strict) == expected, (variant, data)
            assert ccc.is_valid_json(OPERATION, data, strict=strict) == (not expected)
            assert self.stdlib.validate(OPERATION, data, strict) == expected, (variant, data)
            assert self.stdlib.is_valid(OPERATION, data, strict) == (not expected)
        return verdicts


@pytest.fixture(scope="module")
def soundness() -> Soundness:
    return Soundness()


def encodings(payload: Any) -> list[bytes]:
    """The ways a capture may spell `payload`: compact UTF-8 and spaced ASCII with escapes
    (NaN and the infinities come out as the non-JSON tokens Python writes)."""
    compact = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return [
        compact.encode("utf-8", "surrogatepass"),  # a lone surrogate: bytes that are not UTF-8
        spaced_ascii(payload).encode("ascii"),
    ]


_ESCAPE: Callable[[str], str] = json.encoder.encode_basestring_ascii


def spaced_ascii(payload: Any) -> str:
    """`json.dumps(payload, ensure_ascii=True, indent=1)`, character for character, built
    without the pure-Python encoder that `indent` selects: it passes every piece up through
    one generator per level, and the mutants nest `deep(300)` values (three quarters of the
    fast path's differential CPU went there). `test_spaced_ascii_is_json_dumps` checks it."""
    parts: list[str] = []
    add = parts.append

    def encode(value: Any, level: int) -> None:
        if isinstance(value, str):
            add(_ESCAPE(value))
        elif value is None:
            add("null")
        elif value is True:
            add("true")
        elif value is False:
            add("false")
        elif isinstance(value, int):
            add(int.__repr__(value))
        elif isinstance(value, float):
            if value != value:
                add("NaN")
            elif value in (float("inf"), float("-inf")):
                add("Infinity" if value > 0 else "-Infinity")
            else:
                add(float.__repr__(value))
        elif isinstance(value, list):
            if not value:
                add("[]")
                return
            inner = "\n" + " " * (level + 1)
            add("[" + inner)
            for n, item in enumerate(value):
                if n:
                    add("," + inner)
                encode(item, level + 1)
            add("\n" + " " * level + "]")
        elif isinstance(value, dict):
            if not value:
                add("{}")
                return
            inner = "\n" + " " * (level + 1)
            add("{" + inner)
            for n, (key, item) in enumerate(value.items()):
                if not isinstance(key, str):
                    raise TypeError(key)  # JSON's keys only: json.dumps then
                add(("," + inner if n else "") + _ESCAPE(key) + ": ")
                encode(item, level + 1)
            add("\n" + " " * level + "}")
        else:
            raise TypeError(value)

    try:
        encode(payload, 0)
    except TypeError:
        return json.dumps(payload, ensure_ascii=True, indent=1)
    return "".join(parts)


Check = Callable[[bytes | str], dict[str, bool]]


@pytest.fixture(scope="session")
def fast_schemas() -> dict[str, Any]:
    """The generated strict and lenient response schemas."""
    return {
        variant: json.loads(
            (SCHEMAS / f"{OPERATION}.response{suffix}.schema.json").read_text("utf-8")
        )
        for variant, suffix in VARIANTS.items()
    }
