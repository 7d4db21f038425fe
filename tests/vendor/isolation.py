"""Running vendored code in isolation: a Python that sees only the standard library, pydantic and httpx."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

#: The generated package's run-time dependencies; their own dependencies come along.
RUNTIME_DISTRIBUTIONS = ("pydantic", "httpx")


def distribution_closure(names: tuple[str, ...]) -> list[metadata.Distribution]:
    """The installed distributions `names` need at run time (extras left out)."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a dependency for another platform or Python version
        found[key] = dist
        for requirement in dist.requires or []:
            if "extra ==" not in requirement:
                match = re.match(r"[A-Za-z0-9._-]+", requirement)
                if match:
                    todo.append(match.group(0))
    return list(found.values())


def top_level_names(dist: metadata.Distribution) -> set[str]:
    names: set[str] = set()
    for file in dist.files or []:
        top = file.parts[0]
        if top in ("..", "__pycache__") or top.endswith((".dist-info", ".pth", ".data")):
            continue
        names.add(top)
    return names


def isolated_python(
    project: Path, site: Path, args: list[str], *, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run Python with only the stdlib, `project` (as the working directory) and `site` visible.

    `-S` keeps every site-packages directory (and the editable install of cccgen) out of
    `sys.path`; `-E`-like isolation of the rest comes from a minimal environment.
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": os.pathsep.join([str(project), str(site)]),
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "LC_ALL": "C.UTF-8",
    }
    return subprocess.run(
        [sys.executable, "-S", *args],
        cwd=project,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def cccgen_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real `cccgen` command line, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "cccgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
