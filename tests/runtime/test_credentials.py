"""Tests for cccgen.runtime.credentials: masking, validation and reading the environment."""

from __future__ import annotations

import dataclasses

import pytest
from cccgen.runtime.core.credentials import Credentials, CredentialsError, EnvironmentNames

# The names are the caller's (the spec's auth.environment); the runtime has none of its own.
ENV_ACCESS_KEY_ID = "EXAMPLE_KEY_ID"
ENV_ACCESS_KEY_SECRET = "EXAMPLE_KEY_SECRET"
ENV_SECURITY_TOKEN = "EXAMPLE_TOKEN"
NAMES = EnvironmentNames(ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, ENV_SECURITY_TOKEN)

KEY_ID = "LTAI5tExampleId"
SECRET = "Sup3rS3cretValue"
TOKEN = "StsT0kenValue"


def _renderings(credentials: Credentials) -> list[str]:
    return [
        repr(credentials),
        str(credentials),
        f"{credentials}",
        f"{credentials!r}",
        "%s %r" % (credentials, credentials),  # noqa: UP031 - old-style logging formats too
        repr([credentials]),
        repr({"c": credentials}),
    ]


def test_repr_and_str_mask_secret_and_token() -> None:
    credentials = Credentials(KEY_ID, SECRET, TOKEN)
    for text in _renderings(credentials):
        assert SECRET not in text
        assert TOKEN not in text
        assert KEY_ID in text
    assert repr(credentials) == (
        f"Credentials(access_key_id={KEY_ID!r}, access_key_secret='***', security_token='***')"
    )


def test_repr_shows_absent_token_as_none() -> None:
    assert repr(Credentials(KEY_ID, SECRET)).endswith("security_token=None)")


def test_fields_are_kept_and_frozen() -> None:
    credentials = Credentials(KEY_ID, SECRET, TOKEN)
    assert (credentials.access_key_id, credentials.access_key_secret) == (KEY_ID, SECRET)
    assert credentials.security_token == TOKEN
    with pytest.raises(dataclasses.FrozenInstanceError):
        credentials.access_key_secret = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("key_id", "secret", "token", "complaint"),
    [
        ("", SECRET, None, "access_key_id is blank"),
        ("  ", SECRET, None, "access_key_id is blank"),
        (KEY_ID, "", None, "access_key_secret is blank"),
        (KEY_ID, "\t", None, "access_key_secret is blank"),
        (KEY_ID, SECRET + "\n", None, "access_key_secret has leading or trailing whitespace"),
        (KEY_ID, SECRET, "", "security_token is blank"),
        (KEY_ID, SECRET, " " + TOKEN, "security_token has leading or trailing whitespace"),
    ],
)
def test_constructor_rejects_blank_or_padded_parts(
    key_id: str, secret: str, token: str | None, complaint: str
) -> None:
    with pytest.raises(CredentialsError, match=complaint) as caught:
        Credentials(key_id, secret, token)
    assert isinstance(caught.value, ValueError)
    assert SECRET not in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_constructor_rejects_non_strings() -> None:
    with pytest.raises(CredentialsError, match="access_key_secret must be a string"):
        Credentials(KEY_ID, None)  # type: ignore[arg-type]


def test_from_env_reads_all_three() -> None:
    env = {ENV_ACCESS_KEY_ID: KEY_ID, ENV_ACCESS_KEY_SECRET: SECRET, ENV_SECURITY_TOKEN: TOKEN}
    assert Credentials.from_env(NAMES, env) == Credentials(KEY_ID, SECRET, TOKEN)


def test_from_env_token_is_optional_and_empty_means_unset() -> None:
    env = {ENV_ACCESS_KEY_ID: KEY_ID, ENV_ACCESS_KEY_SECRET: SECRET}
    assert Credentials.from_env(NAMES, env).security_token is None
    assert Credentials.from_env(NAMES, {**env, ENV_SECURITY_TOKEN: ""}).security_token is None


def test_from_env_defaults_to_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_ACCESS_KEY_ID, KEY_ID)
    monkeypatch.setenv(ENV_ACCESS_KEY_SECRET, SECRET)
    monkeypatch.delenv(ENV_SECURITY_TOKEN, raising=False)
    assert Credentials.from_env(NAMES) == Credentials(KEY_ID, SECRET)


@pytest.mark.parametrize(
    ("env", "missing", "present"),
    [
        ({ENV_ACCESS_KEY_SECRET: SECRET, ENV_SECURITY_TOKEN: TOKEN}, [ENV_ACCESS_KEY_ID], []),
        ({ENV_ACCESS_KEY_ID: KEY_ID}, [ENV_ACCESS_KEY_SECRET], [ENV_ACCESS_KEY_ID]),
        ({ENV_ACCESS_KEY_ID: KEY_ID, ENV_ACCESS_KEY_SECRET: "  "}, [ENV_ACCESS_KEY_SECRET], []),
        ({ENV_ACCESS_KEY_ID: "", ENV_ACCESS_KEY_SECRET: SECRET}, [ENV_ACCESS_KEY_ID], []),
        ({}, [ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET], []),
    ],
)
def test_from_env_names_missing_variables_without_values(
    env: dict[str, str], missing: list[str], present: list[str]
) -> None:
    with pytest.raises(CredentialsError) as caught:
        Credentials.from_env(NAMES, env)
    message = str(caught.value)
    for name in missing:
        assert name in message
    for name in present:
        assert name not in message
    assert SECRET not in message
    assert TOKEN not in message
    assert KEY_ID not in message


def test_from_env_rejects_padded_secret_naming_the_variable() -> None:
    env = {ENV_ACCESS_KEY_ID: KEY_ID, ENV_ACCESS_KEY_SECRET: SECRET + "\n"}
    with pytest.raises(CredentialsError, match=ENV_ACCESS_KEY_SECRET) as caught:
        Credentials.from_env(NAMES, env)
    assert SECRET not in str(caught.value)


def test_from_env_rejects_padded_token_naming_the_variable() -> None:
    env = {ENV_ACCESS_KEY_ID: KEY_ID, ENV_ACCESS_KEY_SECRET: SECRET, ENV_SECURITY_TOKEN: " t "}
    with pytest.raises(CredentialsError, match=ENV_SECURITY_TOKEN):
        Credentials.from_env(NAMES, env)
