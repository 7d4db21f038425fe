"""The Python API a future exporter calls: `ccc.redact.redact_record` and `Redactor`."""

from __future__ import annotations

import copy
import json

import pytest
from ccc.redact import KEY_VARIABLE, PII_FIELDS, RedactKeyError, redact_record, redactor
from ccc.validators import validate_response
from redact.helpers import KEY, OTHER_KEY, examples, personal_values


@pytest.mark.parametrize("operation", ["GetCallDetailRecord", "ListCallDetailRecords"])
def test_redacted_examples_validate_strictly_and_hold_no_original(operation: str) -> None:
    for payload in examples(operation):
        before = copy.deepcopy(payload)
        safe = redact_record(operation, payload, key=KEY)
        assert payload == before  # never changed in place
        assert validate_response(operation, safe, strict=True) == []
        text = json.dumps(safe, ensure_ascii=False)
        for value in personal_values(operation, payload):
            assert value not in text
        if personal_values(operation, payload):
            assert safe != redact_record(operation, payload, key=OTHER_KEY)


def test_unmarked_fields_and_other_operations_pass_unchanged() -> None:
    payload = examples("ListCallDetailRecords")[0]
    safe = redact_record("ListCallDetailRecords", payload, key=KEY)
    row, new_row = payload["Data"]["List"][0], safe["Data"]["List"][0]
    marked = {path[-1] for path, _ in PII_FIELDS["ListCallDetailRecords"]}
    for name, value in row.items():
        if name not in marked:
            assert new_row[name] == value
    assert redact_record("ListAgentStates", {"Data": {"x": "1332315****"}}, key=KEY) == {
        "Data": {"x": "1332315****"}
    }
    with pytest.raises(ValueError):
        redact_record("NoSuchOperation", {}, key=KEY)


def test_a_redactor_counts_per_field_and_joins_across_records() -> None:
    one = redactor(KEY)
    get = one.record("GetCallDetailRecord", {"Data": {"CallingNumber": "0533128****"}})
    listed = one.record(
        "ListCallDetailRecords", {"Data": {"List": [{"CallingNumber": "0533128****"}]}}
    )
    assert get["Data"]["CallingNumber"] == listed["Data"]["List"][0]["CallingNumber"]
    assert one.counts()["ListCallDetailRecords"]["Data.List[].CallingNumber"] == 1


def test_drifted_values_at_personal_paths_are_still_hidden() -> None:
    safe = redact_record(
        "GetCallDetailRecord",
        {"Data": {"CallingNumber": 13323151234, "CalledNumber": ["13323151234"]}},
        key=KEY,
    )
    assert isinstance(safe["Data"]["CallingNumber"], int)
    assert "13323151234" not in json.dumps(safe)


def test_without_a_key_the_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    with pytest.raises(RedactKeyError):
        redactor()
    monkeypatch.setenv(KEY_VARIABLE, KEY)
    assert KEY not in repr(redactor())


def test_a_deeply_nested_value_at_a_personal_path_is_redacted_without_recursion() -> None:
    """A drifted value nested up to the readers' limit (500 levels) is copied with a stack:
    every string in it replaced, no RecursionError."""
    deep: object = "13323150000"
    for level in range(490):
        deep = [deep] if level % 2 else {"n": deep}
    safe = redact_record("GetCallDetailRecord", {"Data": {"CallingNumber": deep}}, key=KEY)
    text = json.dumps(safe)
    assert "13323150000" not in text and text.count("[") == 245
