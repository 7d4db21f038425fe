"""--apply edits the curation file as text: every byte already there stays, comments included;
the imported file is what the next import writes; a hand-written file is refused."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from cccgen.importer.curation import read_curation
from cccgen.learn.overlay import LearnError, append_actions, prepare, write
from learn.helpers import ONE_OP

COMMENTED = """\
# Why each decision was taken: kept byte for byte.
cccgen_curation: 1   # the format's version
target: GetInstance.yaml
actions:
  # The summary, from the page.
  - path: [summary]
    replace: {zh: 獲取實例, en: Get an instance}   # trailing comment
  # A last comment inside the list.
# And one at the end.
"""

NEW: list[dict[str, Any]] = [
    {"path": ["response", "fields", "Data", "fields", "Region"], "replace": {"type": "string"}},
    {"path": ["enums", "E", "values"], "append": [{"value": "x", "zh": "", "en": ""}]},
]


def only_insertions(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`; fails unless every line of `old` is in `new`, unchanged
    and in order (an edit that only inserts lines)."""
    wanted = old.splitlines(True)
    added: list[str] = []
    for line in new.splitlines(True):
        if wanted and line == wanted[0]:
            wanted.pop(0)
        else:
            added.append(line)
    assert wanted == [], f"lost or changed: {wanted}"
    return added


def test_a_commented_overlay_keeps_every_byte_and_gains_the_actions() -> None:
    new = append_actions(COMMENTED, "c.yaml", NEW)
    added = only_insertions(COMMENTED, new)
    assert (
        added[0] == "  # Learned by `cccgen learn`: review each action, and say why in a comment.\n"
    )
    # Right after the last action's own text (its trailing comment kept on its line).
    head = COMMENTED.split("  # A last comment")[0]
    assert new.startswith(head + added[0])
    data = yaml.safe_load(new)
    assert data["actions"][1:] == NEW
    assert data["actions"][0]["path"] == ["summary"]


@pytest.mark.parametrize(
    "text",
    [
        "cccgen_curation: 1\nactions:\n- path: [summary]\n  remove: true\ntarget: X.yaml\n",
        "cccgen_curation: 1\ntarget: X.yaml\nactions: []\n",
        "cccgen_curation: 1\nactions: []   # none yet\ntarget: X.yaml\n",
        "cccgen_curation: 1\ntarget: X.yaml\nactions:\n  - path: [summary]\n    remove: true",
    ],
)
def test_actions_are_added_wherever_the_list_is(text: str) -> None:
    new = append_actions(text, "c.yaml", NEW)
    data = yaml.safe_load(new)
    old = yaml.safe_load(text)
    assert data["actions"] == old["actions"] + NEW
    assert data["target"] == "X.yaml"
    if "[]" not in text:
        only_insertions(text if text.endswith("\n") else text + "\n", new)


def test_a_flow_list_with_items_is_refused_with_its_line() -> None:
    with pytest.raises(LearnError) as caught:
        append_actions("cccgen_curation: 1\nactions: [{path: [a], remove: true}]\n", "c.yaml", NEW)
    assert caught.value.problems == [
        "c.yaml:2: `actions` is a flow list ([...]); write it as a block list"
    ]


def tree(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_hand_written_spec_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "spec" / "ccc"
    shutil.copytree(ONE_OP, folder)
    before = tree(folder)
    with pytest.raises(LearnError) as caught:
        prepare(folder, {"GetCallDetailRecord.yaml": NEW[:1]})
    assert "written by hand, not by `cccgen import`" in caught.value.problems[0]
    assert tree(folder) == before


def test_apply_extends_the_overlay_and_matches_the_import(small_spec: Path) -> None:
    overlay = small_spec / "curation" / "GetCallDetailRecord.yaml"
    before = overlay.read_text(encoding="utf-8")
    action = {
        "path": ["response", "fields", "Data", "fields", "Region"],
        "replace": {"type": "string", "note": "learned"},
    }
    changes = prepare(small_spec, {"GetCallDetailRecord.yaml": [action]})
    assert [c.path for c in changes] == [overlay, small_spec / "GetCallDetailRecord.yaml"]
    write(changes)
    after = overlay.read_text(encoding="utf-8")
    assert after.startswith(before)  # the curated operation's file: comments and all kept
    docs, problems = read_curation(small_spec / "curation", "c")
    assert [d.data["target"] for d in docs] == ["GetCallDetailRecord.yaml", "service.yaml"]
    assert problems == []
    spec = yaml.safe_load((small_spec / "GetCallDetailRecord.yaml").read_text(encoding="utf-8"))
    assert spec["response"]["fields"]["Data"]["fields"]["Region"]["note"] == "learned"
    assert [p.name for p in small_spec.rglob(".*")] == []  # no temporary file left behind


def test_a_change_that_would_not_load_writes_nothing(small_spec: Path) -> None:
    before = tree(small_spec)
    bad = {"path": ["response", "fields", "Data", "fields", "X"], "replace": {"type": "long"}}
    with pytest.raises(LearnError) as caught:
        prepare(small_spec, {"GetInstance.yaml": [bad]})
    assert caught.value.problems[0] == "the learned spec would not load:"
    assert "unknown type 'long'" in caught.value.problems[1]
    assert tree(small_spec) == before
