"""spec/ccc (the whole API, 242 operations) loaded once per test process, for every fixture
that reads it (the root conftest's `service`, whole_api's `ccc_service`): read-only."""

from __future__ import annotations

import functools
from pathlib import Path

from cccgen import model as m
from cccgen.spec.loader import load_service

SERVICE_FILE = Path(__file__).resolve().parents[1] / "spec" / "ccc" / "service.yaml"


@functools.cache
def real_service() -> m.Service:
    return load_service(SERVICE_FILE)
