"""Every scenario of the diff tables, loaded and diffed ONCE per test run (the `diffed`
fixture of conftest.py).

A scenario is a pair of one-operation specs (OLD and NEW edits of the fixture). Both
test_change_kind_and_severity and test_more_change_kinds check one scenario each, and the rules
table checks that all of them together reach every rule: each scenario used to be written,
loaded and diffed two or three times. Now the first worker that needs them diffs them all and
shares the changes with the others through the run's common temporary directory, under a file
lock (as `real_tree` shares the real generation). A scenario whose spec does not load records
the error, which fails only the tests that use it.
"""

from __future__ import annotations

import dataclasses
import fcntl
import pickle
import shutil
import traceback
from pathlib import Path

import pytest
import yaml
from cccgen.diff import Change, diff_services
from cccgen.problems import SpecError
from cccgen.spec.loader import load_service
from diff.specs import Doc, Edit, add_second_operation, second_operation, write_spec

#: OLD -> NEW changes and NEW -> OLD changes, or the error that kept the specs from loading.
Diffed = tuple[list[Change], list[Change]] | str

#: The scenarios built outside the tables: a second operation added, and the RPC style swapped.
TWIN, ROA = "operation added", "style changed to ROA"


def _no_edit(service: Doc, operation: Doc) -> None:
    pass


def _diff_every_scenario(root: Path) -> dict[str, Diffed]:
    from diff.cases import CASES
    from diff.test_rules_table import EXTRA

    scenarios: dict[str, tuple[Edit, Edit | None, bool]] = {
        case[0]: (case[1] or _no_edit, case[2], False) for case in CASES
    }
    scenarios.update({extra[0]: (extra[1], extra[2], extra[6]) for extra in EXTRA})
    assert len(scenarios) == len(CASES) + len(EXTRA), "scenario names must be unique"
    base = load_service(write_spec(root / "base"))  # the unedited spec without examples
    found: dict[str, Diffed] = {}
    for number, (name, (new, old, keep)) in enumerate(scenarios.items()):
        here = root / str(number)
        try:
            before = (
                base
                if old is None and not keep
                else load_service(write_spec(here / "old", old or _no_edit, keep_examples=keep))
            )
            after = load_service(write_spec(here / "new", new, keep_examples=keep))
        except SpecError as error:
            found[name] = f"{name}: the scenario's specs do not load:\n{error}"
            continue
        except Exception:  # noqa: BLE001 - a broken edit fails its own test, not all of them
            found[name] = f"{name}: the scenario's edit failed:\n{traceback.format_exc()}"
            continue
        found[name] = (diff_services(before, after), diff_services(after, before))
    twin_file = write_spec(root / "twin")
    operation = yaml.safe_load((twin_file.parent / "GetCallDetailRecord.yaml").read_text("utf-8"))
    add_second_operation(twin_file, second_operation(operation))
    twin = load_service(twin_file)
    found[TWIN] = (diff_services(base, twin), diff_services(twin, base))
    # RPC is the only style a spec may declare today; the model still carries it.
    roa = dataclasses.replace(base, style="ROA")
    found[ROA] = (diff_services(base, roa), diff_services(roa, base))
    return found


def shared_scenarios(shared: Path) -> dict[str, Diffed]:
    """Every scenario diffed, computed under a lock in `shared` by the first caller of the run
    and read back by the others."""
    result = shared / "diff-scenarios.pickle"
    with (shared / "diff-scenarios.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            work = shared / "diff-scenarios"
            found = _diff_every_scenario(work)
            shutil.rmtree(work)
            partial = result.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(found))
            partial.replace(result)
        loaded: dict[str, Diffed] = pickle.loads(result.read_bytes())
    return loaded


def changes_of(diffed: dict[str, Diffed], name: str) -> tuple[list[Change], list[Change]]:
    """The scenario's changes both ways; fails the calling test when its specs did not load."""
    found = diffed[name]
    if isinstance(found, str):
        pytest.fail(found, pytrace=False)
    return found
