"""`generator/cccgen/runtime/` is copied into every generated package's `_runtime/` as it is:
subpackages (`tools/validate/`) included, each file with a banner naming its original."""

from __future__ import annotations

from pathlib import Path

BANNER = "# Do not edit by hand: change the original and run `make generate`.\n"


def runtime_files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def test_every_runtime_module_is_copied_subpackages_included(
    repo_root: Path, fresh_tree: Path
) -> None:
    originals = runtime_files(repo_root / "generator" / "cccgen" / "runtime")
    assert "tools/validate/cli.py" in originals
    for package in sorted(p.parent for p in fresh_tree.glob("*/__init__.py")):
        copies = runtime_files(package / "_runtime")
        assert sorted(copies) == sorted(originals)
        for relative, text in originals.items():
            first, second, rest = copies[relative].split("\n", 2)
            assert first.endswith(f" from generator/cccgen/runtime/{relative}."), first
            assert second + "\n" == BANNER
            assert rest == text, relative
