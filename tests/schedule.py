"""The order in which `make test` hands test files to its workers: the slowest first.

`make test` runs with `--dist loadfile` (a file's tests share module fixtures, so a file goes to
one worker whole) and `--no-loadscope-reorder`, so files are handed out in collection order.
pytest-xdist's own default orders them by their number of tests, which put the slowest files,
which hold few tests (the 50,000-record export is a single test), last: one worker then ran
them alone while the other sat idle. Longest first is the classic fix for that tail.

SLOWEST is measured, not guessed: the files' summed test durations (set-up, call and tear-down,
from `--junitxml`) in a `make test` run, slowest first. A file missing from it runs after them, in
collection order; a listed file that no longer exists fails tests/suite_config.
"""

from __future__ import annotations

import pytest

#: Test files whose tests take longest, slowest first (paths relative to the repository).
SLOWEST = (
    "tests/vendor/test_vendor.py",
    "tests/validator/test_differential_hypothesis.py",
    "tests/scale/test_synthetic_package.py",
    "tests/client/test_cli_get.py",
    "tests/export/test_export_end_to_end.py",
    "tests/distributions/test_install_cccgen.py",
    "tests/generated_quality/test_quality.py",
    "tests/validator/test_hypothesis_jsonschema.py",
    "tests/reports/test_cli_reports.py",
    "tests/export/test_export_cli.py",
    "tests/diff/test_diff_rules.py",
    "tests/fake_server/test_cli.py",
    "tests/distributions/test_install.py",
    "tests/generation/test_schemas.py",
    "tests/dask_cluster/test_cli_on_dask.py",
    "tests/validator/test_differential_examples.py",
    "tests/validate_cli/test_cli.py",
    "tests/reports/test_browser.py",
    "tests/export/test_export_api.py",
    "tests/validate_cli/test_hostile_inputs.py",
    "tests/generation/test_generate_out.py",
    "tests/validate_cli/test_hostile_output_files.py",
    "tests/client/test_hostile.py",
    "tests/validator/test_compiler.py",
    "tests/hostile_spec/test_hostile_spec.py",
    "tests/fast_path/test_differential.py",
    "tests/export/test_export_redact.py",
    "tests/docs/test_escaping.py",
    "tests/fast_path/test_cli.py",
)
_RANK = {path: rank for rank, path in enumerate(SLOWEST)}


def file_of(item: pytest.Item) -> str:
    """`tests/x/test_y.py` for the item `tests/x/test_y.py::test_z[case]`."""
    return item.nodeid.split("::", 1)[0]


def slowest_first(items: list[pytest.Item]) -> None:
    """Reorders `items` in place: SLOWEST's files first, in its order; then every other file in
    collection order. A file's tests stay together and in their own order (sort is stable)."""
    last = len(SLOWEST)
    items.sort(key=lambda item: _RANK.get(file_of(item), last))
