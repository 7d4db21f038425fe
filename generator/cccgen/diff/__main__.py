"""`python -m cccgen.diff [--write-readme README]`: print the rules table as Markdown, or
rewrite the marked block of a README with it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cccgen.diff.rules import readme_block, with_readme_block
from cccgen.writer import replace_file


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
        replace_file(path, with_readme_block(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"python -m cccgen.diff: {path}: {exc}", file=sys.stderr)
        return 2
    print(f"{path}: diff rules table refreshed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
