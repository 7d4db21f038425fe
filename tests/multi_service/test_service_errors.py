"""Each generated service has its own root exception; the runtime's root is generic."""

from __future__ import annotations

import socket
from pathlib import Path
from types import ModuleType

import ccc
import pytest
from ccc._runtime.core import errors as ccc_runtime_errors

RUNTIME = Path(__file__).resolve().parents[2] / "generator" / "cccgen" / "runtime"


def test_widgets_errors_have_their_own_root(widgets: ModuleType) -> None:
    root = widgets.WidgetsError
    assert not hasattr(widgets, "CCCError")
    assert root.__name__ == "WidgetsError"
    assert root.__bases__[0].__name__ == "ServiceError"
    for name in widgets.errors.__all__:
        value = getattr(widgets.errors, name)
        if isinstance(value, type):
            assert issubclass(value, root), name
            assert not issubclass(value, ccc.CCCError), name
    assert not issubclass(ccc.ConnectError, root)
    assert issubclass(ccc.CCCError, ccc_runtime_errors.ServiceError)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_every_failure_of_the_widgets_client_is_a_widgets_error(widgets: ModuleType) -> None:
    keys = {"access_key_id": "id", "access_key_secret": "secret"}
    with pytest.raises(widgets.WidgetsError) as caught:
        widgets.Client(**keys)  # neither region nor endpoint
    assert type(caught.value) is widgets.ConfigurationError
    with pytest.raises(widgets.ConfigurationError, match="max_attempts"):
        widgets.RetryPolicy(max_attempts=0)
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    retry = widgets.RetryPolicy(max_attempts=1)
    with (
        widgets.Client(endpoint=endpoint, retry=retry, **keys) as client,
        pytest.raises(widgets.WidgetsError) as caught,
    ):
        client.get_widget(widget_id="w-1", instance_id="i-1")
    assert type(caught.value) is widgets.ConnectError
    assert isinstance(caught.value, widgets.TransportError)


def test_the_runtime_names_no_service() -> None:
    """No runtime module holds CCC's endpoints, environment variables or root exception."""
    for path in sorted(RUNTIME.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for fact in ("aliyuncs.com", "ALIBABA_CLOUD_", "\nclass CCCError", "CCC_"):
            assert fact not in text, f"{path.name} holds {fact!r}"
