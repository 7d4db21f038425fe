"""`python -m bench [NAME ...]`: run every `bench/*_bench.py` module's `main()` in turn.

With names, only the modules whose name contains one of them run (`python -m bench validator`).
Each module prints as it goes; the Markdown each `main()` returns is printed again at the end
as one combined report. Exit status: 0 when every module ran, 1 when one failed, 2 for a name
that matches no module.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover() -> list[str]:
    """Module names of every benchmark, in a stable order."""
    return sorted(path.stem for path in HERE.glob("*_bench.py"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", help="run only the benchmarks whose name contains one of these"
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    modules = discover()
    if args.list:
        print("\n".join(modules))
        return 0
    if args.names:
        selected = [m for m in modules if any(n in m for n in args.names)]
        if not selected:
            print(
                f"bench: no benchmark matches {args.names}; known: {', '.join(modules)}",
                file=sys.stderr,
            )
            return 2
    else:
        selected = modules
    reports: list[tuple[str, str]] = []
    failed: list[str] = []
    for name in selected:
        print(f"=== {name} ===", flush=True)
        started = time.perf_counter()
        saved_argv = sys.argv
        sys.argv = [f"bench.{name}"]  # a module's own argument parsing sees no foreign options
        try:
            module = importlib.import_module(f"bench.{name}")
            result = module.main()
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
            continue
        finally:
            sys.argv = saved_argv
        if isinstance(result, int) and not isinstance(result, bool) and result != 0:
            failed.append(name)
        if isinstance(result, str) and result.strip():
            reports.append((name, result.strip()))
        print(f"=== {name}: {time.perf_counter() - started:.1f} s ===\n", flush=True)
    if reports:
        print("# Combined benchmark report\n")
        for name, text in reports:
            print(f"## {name}\n\n{text}\n")
    if failed:
        print(f"bench: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
