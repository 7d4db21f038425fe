"""`python -m cccgen.diff [--write-readme README]`: print the rules table as Markdown, or
rewrite the marked block of a README with it."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from cccgen.diff.rules import readme_block, with_readme_block


def main(argv: list[str] | None = None) -> int:
    """Print the diff rules table, or write it into a README (`--write-readme`)."""
    parser = argparse.ArgumentParser(prog="python -m cccgen.diff", description=__doc__)
    parser.add_argument("--write-readme", type=Path, metavar="README")
    args = parser.parse_args(argv)
    if args.write_readme is None:
        print(readme_block())
        return 0
    path: Path = args.write_readme
    try:
        _replace(path, with_readme_block(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"python -m cccgen.diff: {path}: {exc}", file=sys.stderr)
        return 2
    print(f"{path}: diff rules table refreshed")
    return 0


def _replace(path: Path, text: str) -> None:
    """Written beside `path` then renamed over it: an interrupted run leaves it whole."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


if __name__ == "__main__":
    sys.exit(main())
