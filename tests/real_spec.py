"""spec/ccc (the whole API, 242 operations) loaded once per test run, for every fixture that
reads it (the root conftest's `service`, whole_api's `ccc_service`): read-only.

The run's first process that asks loads it (some 2.4 s of CPU) and hands it to the run's other
processes as a pickle in the run's own folder (tests/per_run.py), which they read in 0.2 s: the
same model, loaded by the same loader from the same files, in every worker."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from cccgen import model as m
from cccgen.spec.loader import load_service
from per_run import once_per_run

SERVICE_FILE = Path(__file__).resolve().parents[1] / "spec" / "ccc" / "service.yaml"
_loaded: list[m.Service] = []


def real_service(tmp_path_factory: pytest.TempPathFactory) -> m.Service:
    if not _loaded:
        home = once_per_run(tmp_path_factory, "real-service", _pickle_service)
        service = pickle.loads((home / "service.pickle").read_bytes())
        assert isinstance(service, m.Service)
        _loaded.append(service)
    return _loaded[0]


def _pickle_service(home: Path) -> None:
    (home / "service.pickle").write_bytes(pickle.dumps(load_service(SERVICE_FILE)))
