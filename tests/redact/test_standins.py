"""Stand-ins: deterministic under a key, different under another, shaped like the original."""

from __future__ import annotations

import pickle
import re

import pytest
from cccgen import model as m
from cccgen.runtime.tools.redact.keys import RedactKey, RedactKeyError, key_from_environment
from cccgen.runtime.tools.redact.standins import KINDS, Standins
from redact.helpers import KEY, OTHER_KEY

standins = Standins(RedactKey(KEY))
other = Standins(RedactKey(OTHER_KEY))


def test_the_runtime_knows_every_kind_the_spec_allows() -> None:
    assert set(KINDS) == set(m.PII_KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_same_value_same_standin_and_another_key_another(kind: str) -> None:
    value = "13323151234" if kind == "phone_number" else "坐席小王 says hello"
    first = standins.replace(kind, value)
    assert first == Standins(RedactKey(KEY)).replace(kind, value)  # not from a cache
    assert first != value
    assert other.replace(kind, value) != first


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("13323151234", "133"),  # a Chinese mobile: its operator prefix
        ("1332315****", "133"),
        ("0533128****", "0533"),  # a leading 0 area code
        ("010-12345678", "010"),
        ("+8613812345678", "+86138"),
        ("07353988****", "0735"),
    ],
)
def test_phone_numbers_keep_length_prefix_and_mask(value: str, kept: str) -> None:
    new = standins.replace("phone_number", value)
    assert len(new) == len(value)
    assert new.startswith(kept)
    assert new != value
    for old_char, new_char in zip(value, new, strict=True):
        assert old_char.isdigit() == new_char.isdigit()
        if not old_char.isdigit():
            assert old_char == new_char  # the mask, `+`, `-` stay where they were


def test_names_keep_their_script_and_lists_are_replaced_name_by_name() -> None:
    chinese = standins.replace("person_name", "坐席小王")
    assert re.fullmatch("[\u4e00-\u9fff]{2,3}", chinese)
    latin = standins.replace("person_name", "agent1,agent2")
    first, second = latin.split(",")
    assert re.fullmatch("[A-Z][a-z]+ [A-Z][a-z]+", first)
    assert first == standins.replace("person_name", "agent1")  # joins with the single name
    assert second == standins.replace("person_name", "agent2")


def test_locations_keep_their_form_and_spaces() -> None:
    new = standins.replace("location", " 山東省-淄博")
    assert re.fullmatch(" [\u4e00-\u9fff]+-[\u4e00-\u9fff]+", new)
    assert "-" not in standins.replace("location", "北京")


def test_free_text_becomes_a_placeholder_of_its_length_class() -> None:
    for length, (low, high) in (
        (5, (1, 16)),
        (40, (17, 64)),
        (100, (65, 256)),
        (2000, (1025, 10**9)),
    ):
        new = standins.replace("free_text", "问" * length)
        assert low <= len(new) <= high, (length, new)
        assert "问" not in new
    assert standins.replace("free_text", "") == ""


def test_email_stays_an_address() -> None:
    assert re.fullmatch(r"[a-z]+\d\d@example\.com", standins.replace("email", "wang.li@corp.cn"))


def test_the_key_never_shows_and_must_be_long_enough() -> None:
    key = RedactKey(KEY)
    assert KEY not in repr(key) and KEY not in str(key) and KEY not in repr(standins)
    with pytest.raises(TypeError):
        pickle.dumps(key)
    with pytest.raises(RedactKeyError) as short:
        RedactKey("zq9x")
    assert "zq9x" not in str(short.value)
    with pytest.raises(RedactKeyError) as missing:
        key_from_environment("CCC_REDACT_KEY", {})
    assert "CCC_REDACT_KEY" in str(missing.value)
