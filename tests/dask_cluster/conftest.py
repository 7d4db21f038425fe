"""Dask clusters for the tests, one of each kind per test session (starting one is slow).

* `process_cluster`: two worker processes on 127.0.0.1, as `--dask local` starts: the real
  thing for local files (each worker opens them itself).
* `thread_cluster`: two workers as threads of this process, for fsspec's memory filesystem,
  which lives in one process's memory: a worker process would see an empty one (see
  test_memory_urls_on_worker_processes_are_not_found).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import distributed
import pytest


@pytest.fixture(scope="session")
def process_cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.CRITICAL,
    ) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def thread_cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.CRITICAL,
    ) as cluster:
        yield cluster
