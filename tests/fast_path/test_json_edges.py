"""JSON's edge cases, as bytes, where msgspec and the standard library could disagree: each
checked for soundness in both modes (tests/fast_path/conftest.py), with what the fast path must
decide itself and what it must leave to the standard-library path said case by case."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from fast_path.conftest import Soundness


def _text(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _with(page_example: dict[str, Any], where: str, raw: bytes) -> bytes:
    """The page example with `"<where>":<raw>` as the first member of Data (`where` is
    written as Latin-1 bytes: "\xff" stays the byte 0xff, which is not UTF-8)."""
    text = _text(page_example)
    return text.replace(b'"Data":{', b'"Data":{"' + where.encode("latin-1") + b'":' + raw + b",", 1)


# (name, member of Data, raw value, accepted strictly, accepted leniently)
CASES: list[tuple[str, str, bytes, bool, bool]] = [
    ("integer as 1.0: valid, left to the slow path", "CallDuration", b"50.0", False, False),
    ("integer as 5e1", "CallDuration", b"5e1", False, False),
    ("true is no integer", "CallDuration", b"true", False, False),
    ("int64 maximum", "CallDuration", b"9223372036854775807", True, True),
    ("past int64", "CallDuration", b"9223372036854775808", False, False),
    ("int64 minimum", "CallDuration", b"-9223372036854775808", True, True),
    ("below int64", "CallDuration", b"-9223372036854775809", False, False),
    ("a 30-digit integer", "CallDuration", b"1" * 30, False, False),
    ("-0", "CallDuration", b"-0", True, True),
    ("huge float", "CallDuration", b"1e400", False, False),
    ("NaN", "CallDuration", b"NaN", False, False),
    ("Infinity", "CallDuration", b"-Infinity", False, False),
    ("null where nullable", "EstablishedTime", b"null", True, True),
    ("null where not", "CallDuration", b"null", False, False),
    ("escaped enum value", "ContactType", b'"OUT\\u0042OUND"', True, True),
    ("unknown enum value", "ContactType", b'"VIDEO"', False, True),
    ("lone surrogate escape", "SkillGroupIds", b'"\\ud800"', False, False),
    ("escaped pair", "SkillGroupIds", b'"\\ud83d\\ude00"', True, True),
    ("not UTF-8 in a known string", "SkillGroupIds", b'"\xff"', False, False),
    ("overlong UTF-8", "SkillGroupIds", b'"\xc0\x80"', False, False),
    ("encoded surrogate", "SkillGroupIds", b'"\xed\xa0\x80"', False, False),
    ("raw control character", "SkillGroupIds", b'"a\x01"', False, False),
    ("raw DEL is allowed", "SkillGroupIds", b'"a\x7f"', True, True),
    ("invalid escape", "SkillGroupIds", b'"\\x41"', False, False),
    ("unknown field", "NewField", b"1", False, True),
    ("not UTF-8 in an unknown string", "NewField", b'"\xff"', False, False),
    ("not UTF-8 in an unknown name", "New\xff", b"1", False, False),
    ("NaN in an unknown field", "NewField", b"NaN", False, False),
    ("trailing comma in an unknown field", "NewField", b"[1,]", False, False),
    ("too deep in an unknown field", "NewField", b"[" * 600 + b"]" * 600, False, False),
    ("deep enough in an unknown field", "NewField", b"[" * 100 + b"]" * 100, False, True),
    ("an integer too long to read", "NewField", b"9" * 5000, False, False),
    (
        "a long digit string: left to the slow path",
        "NewField",
        b'"' + b"9" * 5000 + b'"',
        False,
        False,
    ),
    ("a 30-digit integer in an unknown field", "NewField", b"1" * 30, False, True),
    ("1e400 in an unknown field", "NewField", b"1e400", False, True),
    ("duplicate: valid then invalid", "CallDuration", b'1,"CallDuration":"x"', False, False),
    ("duplicate: invalid then valid", "CallDuration", b'"x","CallDuration":1', False, False),
    ("duplicate: both valid", "CallDuration", b'1,"CallDuration":2', True, True),
    ("escaped known name", "Call\\u0044uration", b"1", True, True),
]


@pytest.mark.parametrize(
    ("where", "raw", "strict", "lenient"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_edge_cases(
    soundness: Soundness,
    page_example: dict[str, Any],
    where: str,
    raw: bytes,
    strict: bool,
    lenient: bool,
) -> None:
    data = _with(page_example, where, raw)
    assert soundness(data) == {"strict": strict, "lenient": lenient}


@pytest.mark.parametrize(
    ("name", "data", "accepted"),
    [
        ("byte order mark", b"\xef\xbb\xbf", False),
        ("leading and trailing white space", b" \t\r\n", True),
        ("trailing NUL", b"\x00", False),
        ("trailing form feed", b"\x0c", False),
        ("UTF-16", b"\xff\xfe", False),
    ],
)
def test_framing(
    soundness: Soundness, page_example: dict[str, Any], name: str, data: bytes, accepted: bool
) -> None:
    text = _text(page_example)
    spelled = (
        data + text + data
        if name.startswith("leading")
        else (text + data if name.startswith("trailing") else data + text)
    )
    assert soundness(spelled) == {"strict": accepted, "lenient": accepted}


def test_text_input(soundness: Soundness, page_example: dict[str, Any]) -> None:
    """str in: the same verdicts (a lone surrogate cannot even be encoded for msgspec)."""
    text = json.dumps(page_example, ensure_ascii=False)
    assert soundness(text) == {"strict": True, "lenient": True}
    broken = text.replace('"ccc-test"', '"\ud800"', 1)
    assert soundness(broken) == {"strict": False, "lenient": False}
    assert soundness("\ufeff" + text) == {"strict": False, "lenient": False}


ALPHABET = b'{}[]":,.-+eE0123456789 \t\n\r\\/ubfnrtlsNI\x00\x7f\xc3\xa9\xff\xed\xa0\x80'


def test_byte_mutants(soundness: Soundness, page_example: dict[str, Any]) -> None:
    """Seeded byte-level edits of the example (JSON syntax, UTF-8), each checked for
    soundness: the fast path never accepts what the standard library cannot read."""
    rng = random.Random(8259)
    base = bytearray(_text(page_example))
    base = base.replace(b'"Data":{', b'"Data":{"Extra":[1,"\xc3\xa9",{"k":null}],', 1)
    for _ in range(400):
        data = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data) + 1)
            edit = rng.random()
            if edit < 0.4 and at < len(data):
                data[at] = rng.choice(ALPHABET)
            elif edit < 0.7:
                data.insert(at, rng.choice(ALPHABET))
            elif at < len(data):
                del data[at]
        soundness(bytes(data))
