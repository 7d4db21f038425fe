"""The error hierarchy, the generated per-code classes, and mapping an answer to an error."""

from __future__ import annotations

import json
import pickle

import ccc
import pytest
from ccc import errors
from ccc._runtime.core import errors as runtime_errors
from ccc._runtime.core.error_table import ErrorTable
from ccc._runtime.core.responses import error_from_response, success_from_response
from cccgen import model as m


def test_everything_the_client_raises_shares_one_root() -> None:
    for name in errors.__all__:
        value = getattr(errors, name)
        if isinstance(value, type):
            assert issubclass(value, ccc.CCCError), name
    assert issubclass(ccc.ThrottlingError, ccc.ClientError)
    assert issubclass(ccc.ClientError, ccc.ApiError)
    assert issubclass(ccc.ServerError, ccc.ApiError)
    assert issubclass(ccc.RequestTimeout, ccc.TransportError)
    assert issubclass(ccc.RequestTimeout, TimeoutError)
    assert issubclass(ccc.ConnectError, ccc.TransportError)
    assert issubclass(ccc.ResponseValidationError, ccc.InvalidResponseError)
    assert issubclass(ccc.ConfigurationError, ValueError)


def test_the_runtime_root_is_generic_and_ccc_has_its_own() -> None:
    assert not hasattr(runtime_errors, "CCCError")
    assert issubclass(ccc.CCCError, runtime_errors.ServiceError)
    generic = [
        value
        for value in vars(runtime_errors).values()
        if isinstance(value, type)
        and issubclass(value, runtime_errors.ServiceError)
        and value is not runtime_errors.ServiceError
    ]
    assert len(generic) == 12
    for cls in generic:
        own = getattr(errors, cls.__name__)
        assert own is not cls and issubclass(own, cls) and issubclass(own, ccc.CCCError), own
        assert isinstance(errors.ERRORS_BY_CODE, ErrorTable)
        assert errors.ERRORS_BY_CODE.service_class(cls) is own


def test_a_generic_error_becomes_cccs_own_in_place() -> None:
    error = runtime_errors.RequestTimeout("slow", phase="read", attempts=2)
    try:
        with errors.ERRORS_BY_CODE.rehoming():
            raise error
    except ccc.RequestTimeout as caught:
        assert caught is error and type(caught) is ccc.RequestTimeout
        assert (caught.phase, caught.attempts, str(caught)) == ("read", 2, "slow")
        assert isinstance(caught, TimeoutError)
    with pytest.raises(ccc.ConfigurationError, match="max_attempts"):
        ccc.RetryPolicy(max_attempts=0)


def test_one_class_per_error_code_the_spec_declares(service: m.Service) -> None:
    declared = service.all_errors()
    assert set(errors.ERRORS_BY_CODE) == {e.code for e in declared}
    for error in declared:
        cls = errors.ERRORS_BY_CODE[error.code]
        assert cls.__name__ == error.class_name
        assert getattr(ccc, error.class_name) is cls
        expected_base = (
            ccc.ThrottlingError
            if error.throttling
            else ccc.ServerError
            if error.http_status >= 500
            else ccc.ClientError
        )
        assert issubclass(cls, expected_base), error.code
        assert cls.retryable is error.retryable
        assert cls.throttling is error.throttling
        if cls is not ccc.ThrottlingError:  # `Throttling` maps onto the base class itself
            assert cls.error_code == error.code
            assert cls.default_http_status == error.http_status
            assert error.description.en in (cls.__doc__ or "")


def test_api_error_text_carries_code_message_status_and_request_id() -> None:
    error = errors.ParameterBlankError(
        "The parameter ContactId may not be null or blank.", http_status=400, request_id="RID-1"
    )
    assert error.code == "Parameter.Blank"
    assert str(error) == (
        "Parameter.Blank: The parameter ContactId may not be null or blank. "
        "(HTTP 400, request id RID-1)"
    )
    assert "ParameterBlankError(code='Parameter.Blank'" in repr(error)
    assert not error.is_local
    local = errors.ParameterBlankError("blank")
    assert local.is_local and "not sent" in str(local)


def test_api_errors_survive_pickling() -> None:
    error = errors.ThrottlingUserError(
        "slow", http_status=400, request_id="R", retry_after=1.5, body={"Code": "Throttling.User"}
    )
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is errors.ThrottlingUserError
    assert (again.code, again.message, again.request_id, again.http_status, again.retry_after) == (
        "Throttling.User",
        "slow",
        "R",
        400,
        1.5,
    )


@pytest.mark.parametrize(
    "error",
    [
        ccc.RequestTimeout("read timeout", phase="read", attempts=3),
        ccc.ConnectError("refused", maybe_sent=True, attempts=2),
        ccc.ResponseValidationError(
            "GetCallDetailRecord", [ccc.Issue("/Data", "required", "m")], http_status=200
        ),
        ccc.InvalidResponseError("not JSON", http_status=502, request_id="R"),
        ccc.ConfigurationError("bad endpoint"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_error_survives_pickling(error: ccc.CCCError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert vars(again) == vars(error)


def body(code: str, message: str = "m", request_id: str = "RID") -> bytes:
    return json.dumps({"RequestId": request_id, "Code": code, "Message": message}).encode()


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "SignatureDoesNotMatch", errors.SignatureDoesNotMatchError),
        (404, "InvalidAccessKeyId.NotFound", errors.InvalidAccessKeyIdNotFoundError),
        (400, "Throttling.Api", errors.ThrottlingApiError),
        (400, "Throttling", ccc.ThrottlingError),
        (503, "ServiceUnavailable", errors.ServiceUnavailableError),
        (500, "InternalError", errors.InternalError),
        (400, "Parameter.Blank", errors.ParameterBlankError),
        (403, "Forbidden.RAM", ccc.ClientError),  # unknown 4xx
        (502, "BadGateway.Unknown", ccc.ServerError),  # unknown 5xx
    ],
)
def test_an_error_answer_becomes_the_class_of_its_code(
    status: int, code: str, expected: type[ccc.ApiError]
) -> None:
    error = error_from_response(status, {}, body(code, "msg", "R-9"), errors.ERRORS_BY_CODE)
    assert type(error) is expected
    assert (error.code, error.message, error.request_id, error.http_status) == (
        code,
        "msg",
        "R-9",
        status,
    )
    assert error.body is not None and error.body["Code"] == code


def test_an_unknown_code_with_a_retry_after_is_throttling() -> None:
    error = error_from_response(
        429, {"x-acs-retry-after": "700"}, body("Flow.Limit"), errors.ERRORS_BY_CODE
    )
    assert type(error) is ccc.ThrottlingError
    assert error.retry_after == 0.7


def test_a_body_that_is_not_json_still_gives_a_typed_error() -> None:
    headers = {"x-acs-request-id": "HDR-RID"}
    error = error_from_response(502, headers, b"<html>Bad Gateway</html>", errors.ERRORS_BY_CODE)
    assert type(error) is ccc.ServerError
    assert error.code is None and error.request_id == "HDR-RID" and error.http_status == 502
    assert "not a JSON object" in str(error)


def test_a_success_must_be_a_json_object() -> None:
    raw = success_from_response(200, {}, b'{"RequestId": "R", "Code": "OK"}')
    assert raw.payload["Code"] == "OK" and raw.request_id == "R"
    for content in (b"", b"[1, 2]", b"{", b"\xff\xfe"):
        # The runtime raises its generic class; the client re-types it as ccc's (test_hostile).
        with pytest.raises(runtime_errors.InvalidResponseError, match="not a JSON object"):
            success_from_response(200, {}, content)


def test_response_validation_error_lists_every_issue() -> None:
    issues = [
        ccc.Issue("/Data/ContactType", "enum", "'X' is not one of [...]"),
        ccc.Issue("/Data", "additionalProperties", "unknown property 'New'"),
    ]
    error = ccc.ResponseValidationError("GetCallDetailRecord", issues, http_status=200)
    assert error.issues == issues
    text = str(error)
    assert "2 issues" in text and "/Data/ContactType" in text and "additionalProperties" in text
