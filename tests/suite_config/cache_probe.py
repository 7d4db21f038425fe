"""Run by test_suite_config.py in a nested pytest: records the cache folder that run was given
(not collected by the suite itself: the file name does not start with test_)."""

from __future__ import annotations

import os
from pathlib import Path


def test_record_the_cache_folder() -> None:
    folder = Path(os.environ["CCCGEN_CACHE_DIR"])
    assert folder.is_dir()
    Path(os.environ["CACHE_PROBE_OUT"]).write_text(str(folder), encoding="utf-8")
