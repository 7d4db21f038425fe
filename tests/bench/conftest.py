"""The repository root on sys.path, so that `bench.*` imports wherever pytest runs from (its
`pythonpath` setting names tests/ only)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = str(Path(__file__).resolve().parents[2])
if REPO not in sys.path:
    sys.path.insert(0, REPO)
