"""Dask clusters for the tests, one of each kind, shared by this folder's test modules while
they run one after another, and closed as soon as the next test is another folder's (starting
one costs some 3 s of CPU; one kept to the end of the session would keep its workers'
heartbeats running meanwhile). A module that comes later gets new ones.

* `process_cluster`: two worker processes on 127.0.0.1, as `--dask local` starts: the real
  thing for local files (each worker opens them itself). Forked from one forkserver process
  that has imported distributed and the package's Dask runtime once (distributed's own test
  suite starts its workers so), rather than spawned, each importing them afresh (some 0.5 s
  of CPU a worker); `--dask local` itself still spawns them, as users get
  (test_dask_local_starts_its_own_worker_processes).
* `thread_cluster`: two workers, threads of this process, for fsspec's memory filesystem,
  which lives in one process's memory: a worker process would see an empty one (see
  test_memory_urls_on_worker_processes_are_not_found). Two, as a thread cluster has them: that
  filesystem hands every reader of a path the very same file object (one position), and the
  runtime reads each range through a view of its own
  (test_threads_reading_ranges_of_one_memory_file_each_read_every_line_whole).

The workers keep nothing between tasks: each task gets its checker with it.

Public means only, but one: the standard library has no public way to stop a forkserver
(`_stop_forkserver` says why it is worth it, and what happens if its private method is gone).
"""

from __future__ import annotations

from collections.abc import Generator
from multiprocessing import forkserver
from pathlib import Path
from typing import Any

import dask
import distributed.utils
import pytest
from ccc._runtime.tools.validate.dask_runner import local_cluster

HERE = Path(__file__).resolve().parent


#: What every worker imports, imported once by the forkserver its processes are forked from.
PRELOAD = [
    "distributed",
    "fsspec",
    "ccc._runtime.tools.validate.dask_runner",
    "ccc._runtime.tools.validate.dask_api",
    "ccc.validators.get_call_detail_record",
]


def _forkserver(imports: tuple[str, ...]) -> str:
    """The start method of the worker processes: "forkserver", its server importing `PRELOAD`
    and `imports`. A later module sharing the cluster has its workers import what else it
    needs.

    distributed names the forkserver's imports itself (numpy and pandas among them, which the
    workers do not need), once per process, when it first gets its multiprocessing context:
    so it gets it here first, and our list, named after it, is the one the server starts with.
    (Its first call also imports those packages here: pandas is imported already, by
    test_collections.py when it is collected; 0.4 s of CPU when a file of this folder runs
    without it.)"""
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        context = distributed.utils.get_mp_context()
    context.set_forkserver_preload([*PRELOAD, *imports])
    return "forkserver"


def _stop_forkserver() -> None:
    """Stop the forkserver, and wait for it, where this Python lets us: the standard library
    has no public way (`ForkServer._stop` is private), and unstopped the server stays up until
    the session ends. Stopping it buys three things:

    * a module that starts the clusters again later (under `make test`'s `--dist loadfile`, a
      worker may run test_cli_on_dask.py, another folder's files, then test_collections.py) gets
      a server that imported its own `WORKER_IMPORTS`, not the first module's (those three
      files in that order, the CPU of every process they start: 17.9, 19.3, 22.1 s stopped,
      18.4, 21.2, 22.7 s kept up, runs alternated);
    * its memory (some 70 MB) freed for the rest of the session;
    * its CPU time, and that of the workers it forked and reaped, counted as this process's
      children's (the per-test CPU plugin, `time`), not lost with a process nobody waits for.

    If a later Python lacks the private method, the server stays up: the same tests and
    results, without those savings."""
    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if callable(stop):
        stop()


class _Clusters:
    """The clusters open now, by kind (worker processes or threads)."""

    def __init__(self) -> None:
        self.open: dict[bool, Any] = {}

    def get(self, processes: bool, imports: tuple[str, ...] = ()) -> Any:
        if processes not in self.open:
            method = _forkserver(imports) if processes else "spawn"
            with dask.config.set({"distributed.worker.multiprocessing-method": method}):
                self.open[processes] = local_cluster(2, processes=processes)
        return self.open[processes]

    def close(self) -> None:
        while self.open:
            _, cluster = self.open.popitem()
            cluster.close()
        _stop_forkserver()  # the next clusters, if any, start a new one


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
def process_cluster(request: pytest.FixtureRequest) -> Any:
    """The shared process cluster; if this module starts it, its workers are forked with what
    the module's `WORKER_IMPORTS` names imported already."""
    return _CLUSTERS.get(processes=True, imports=getattr(request.module, "WORKER_IMPORTS", ()))


@pytest.fixture(scope="module")
def thread_cluster() -> Any:
    return _CLUSTERS.get(processes=False)
