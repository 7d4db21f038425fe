"""Dask clusters for the tests, one of each kind, shared by this folder's test modules while
they run one after another, and closed as soon as the next test is another folder's (starting
one costs some 3 s of CPU; one kept to the end of the session would keep its workers'
heartbeats running meanwhile). A module that comes later gets new ones.

* `process_cluster`: two worker processes on 127.0.0.1, as `--dask local` starts: the real
  thing for local files (each worker opens them itself).
* `thread_cluster`: two workers as threads of this process, for fsspec's memory filesystem,
  which lives in one process's memory: a worker process would see an empty one (see
  test_memory_urls_on_worker_processes_are_not_found).

The workers keep nothing between tasks: each task gets its checker with it.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from ccc._runtime.tools.validate.dask_runner import local_cluster

HERE = Path(__file__).resolve().parent


class _Clusters:
    """The clusters open now, by kind (worker processes or threads)."""

    def __init__(self) -> None:
        self.open: dict[bool, Any] = {}

    def get(self, processes: bool) -> Any:
        if processes not in self.open:
            self.open[processes] = local_cluster(2, processes=processes)
        return self.open[processes]

    def close(self) -> None:
        while self.open:
            _, cluster = self.open.popitem()
            cluster.close()


_CLUSTERS = _Clusters()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    """After a test of this folder (its module fixtures, clients included, torn down first):
    the clusters close unless the next test is this folder's too."""
    try:
        return (yield)
    finally:
        if nextitem is None or Path(nextitem.path).resolve().parent != HERE:
            _CLUSTERS.close()


@pytest.fixture(scope="module")
def process_cluster() -> Any:
    return _CLUSTERS.get(processes=True)


@pytest.fixture(scope="module")
def thread_cluster() -> Any:
    return _CLUSTERS.get(processes=False)
