"""Dask clusters for the tests, one of each kind per test module (starting one is slow; one
kept for the whole session would keep its workers' heartbeats running to the end of the run).

* `process_cluster`: two worker processes on 127.0.0.1, as `--dask local` starts: the real
  thing for local files (each worker opens them itself).
* `thread_cluster`: two workers as threads of this process, for fsspec's memory filesystem,
  which lives in one process's memory: a worker process would see an empty one (see
  test_memory_urls_on_worker_processes_are_not_found).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ccc._runtime.tools.validate.dask_runner import local_cluster


@pytest.fixture(scope="module")
def process_cluster() -> Iterator[Any]:
    with local_cluster(2) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def thread_cluster() -> Iterator[Any]:
    with local_cluster(2, processes=False) as cluster:
        yield cluster
