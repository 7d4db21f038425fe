"""cccgen's cache of pure computations (`cccgen.cache`): a value read back is the value
computed, byte for byte; a cache that is off or unusable only means computing again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from cccgen import cache, pipeline
from cccgen.emit import models, templating
from cccgen.spec.loader import load_service
from generation.helpers import SPEC_DIR


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.delenv("CCCGEN_NO_CACHE", raising=False)
    monkeypatch.setenv("CCCGEN_CACHE_DIR", str(root))
    return root


def test_where_the_cache_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("CCCGEN_NO_CACHE", "CCCGEN_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / ".cache" / "cccgen"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "cccgen"
    monkeypatch.setenv("CCCGEN_CACHE_DIR", str(tmp_path / "own"))
    assert cache.cache_dir() == tmp_path / "own"
    monkeypatch.setenv("CCCGEN_NO_CACHE", "1")
    assert cache.cache_dir() is None


def test_a_value_read_back_is_the_value_computed(cache_root: Path) -> None:
    """Line ends, non-ASCII text and every part of the key count; a hit does not compute."""
    calls: list[str] = []

    def compute(text: str) -> str:
        calls.append(text)
        return text

    text = "a\r\nb\rc\n山東省 \u2028 \x1b\n"
    assert cache.cached_text("t", ("k", "1"), lambda: compute(text)) == text
    assert cache.cached_text("t", ("k", "1"), lambda: compute("other")) == text
    assert calls == [text]
    # Parts are length-prefixed: ("k", "1") and ("k1",) or ("k", "", "1") are other keys.
    assert cache.cached_text("t", ("k1",), lambda: compute("x")) == "x"
    assert cache.cached_text("t", ("k", "", "1"), lambda: compute("y")) == "y"
    assert cache.cached_text("u", ("k", "1"), lambda: compute("z")) == "z"
    assert calls == [text, "x", "y", "z"]
    assert not [p for p in cache_root.rglob("*") if p.name.endswith(".tmp")]


def test_off_or_unusable_means_computing_again(
    cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_root.parent.mkdir(parents=True, exist_ok=True)
    cache_root.write_text("a file where the directory would be", encoding="utf-8")
    assert cache.cached_text("t", ("k",), lambda: "one") == "one"
    assert cache.cached_text("t", ("k",), lambda: "two") == "two"
    monkeypatch.setenv("CCCGEN_NO_CACHE", "1")
    monkeypatch.setenv("CCCGEN_CACHE_DIR", str(cache_root.parent / "unused"))
    assert cache.cached_text("t", ("k",), lambda: "three") == "three"
    assert cache.cached_text("t", ("k",), lambda: "four") == "four"
    assert not (cache_root.parent / "unused").exists()


def test_models_read_back_are_the_tools_output(
    cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-operation spec's models: computed (miss), read back (hit, the tool not run),
    and without the cache, all the same text."""
    op = load_service(SPEC_DIR / "service.yaml").operations[0]
    header = "# a header\n"
    computed = models.render_models(op, header)
    assert len(list((cache_root / "models").iterdir())) == 1

    def no_tool(*args: object) -> str:
        raise AssertionError("the tool ran on a cache hit")

    with monkeypatch.context() as patched:
        patched.setattr(models, "run_tool", no_tool)
        assert models.render_models(op, header) == computed
    monkeypatch.setenv("CCCGEN_NO_CACHE", "1")
    assert models.render_models(op, header) == computed
    assert models.render_models(op, "# another header\n") != computed


def test_the_models_key_names_the_installed_tool_and_pydantic() -> None:
    """Another datamodel-code-generator or pydantic is another key (their version modules' text
    is part of it), found without importing either (pydantic alone costs a run 85 ms)."""
    from importlib import metadata

    import pydantic

    key = "\n".join(models._tool_key())
    assert f"__version__ = '{metadata.version('datamodel-code-generator')}'" in key
    assert f"VERSION = '{pydantic.VERSION}'" in key
    code = "from cccgen.emit import models; import sys; models._tool_key(); "
    code += "print(sorted({'pydantic', 'datamodel_code_generator'} & set(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_templates_read_back_are_the_templates_compiled(cache_root: Path) -> None:
    """Every template compiled by Jinja, and read back from the bytecode cache by a new
    environment, is the same code."""
    bytecode = templating._bytecode_cache()
    assert bytecode is not None

    def environment(cached: bool) -> jinja2.Environment:
        return templating.new_environment(bytecode if cached else None)

    plain = environment(False)
    names = plain.list_templates()
    assert len(names) > 10
    expected = {n: plain.get_template(n).root_render_func.__code__.co_code for n in names}
    for _ in range(2):  # compiled and written, then read back
        env = environment(True)
        found = {n: env.get_template(n).root_render_func.__code__.co_code for n in names}
        assert found == expected
        assert len(list((cache_root / "jinja").iterdir())) == len(names)


def test_the_cache_stays_bounded(cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past `KEEP` values of one kind, a process's first new value removes the oldest."""
    monkeypatch.setattr(cache, "KEEP", 3)
    monkeypatch.setattr(cache, "_pruned", set())
    folder = cache_root / "t"
    folder.mkdir(parents=True)
    for number in range(5):
        (folder / f"old{number}.txt").write_text("x", encoding="utf-8")
        os.utime(folder / f"old{number}.txt", (number, number))
    assert cache.cached_text("t", ("new",), lambda: "new") == "new"
    kept = {p.name for p in folder.iterdir()}
    assert len(kept) == 3 and {"old3.txt", "old4.txt"} < kept, kept
    assert cache.cached_text("t", ("newer",), lambda: "newer") == "newer"
    assert len(list(folder.iterdir())) == 4, "pruned once per process"


def test_a_formatted_tree_read_back_is_ruffs(
    cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ruff's output for a tree: computed (miss), read back (hit, ruff not started), and
    without the cache, all the same; other files pass through untouched."""
    files = {
        "pkg/__init__.py": 'import sys\nimport os\n__all__ = ["b", "a"]\nx = {  "a":1 }\n',
        "pkg/README.md": "# t\n\n```python\nx = {  'a':1 }\n```\n",
        "pkg/data.json": '{  "kept": "as is" }\n',
    }
    computed = pipeline.format_python(files)
    assert computed["pkg/__init__.py"] != files["pkg/__init__.py"]
    assert computed["pkg/data.json"] == files["pkg/data.json"]

    def no_ruff(*args: object) -> None:
        raise AssertionError("ruff ran on a cache hit")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "_run_ruff", no_ruff)
        assert pipeline.format_python(files) == computed
    monkeypatch.setenv("CCCGEN_NO_CACHE", "1")
    assert pipeline.format_python(files) == computed


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        "[]",
        '{"pkg/__init__.py": 1}',
        '{"pkg/__init__.py": "x = 1\\n", "../evil.py": ""}',
    ],
)
def test_a_damaged_formatted_tree_is_a_miss(cache_root: Path, stored: str) -> None:
    """A cache value that is not exactly the tree asked for (bad JSON, other files, a path that
    was not asked for) is never used: ruff runs again and its output is returned."""
    files = {"pkg/__init__.py": "x = {  'a':1 }\n"}
    computed = pipeline.format_python(files)
    (entry,) = (cache_root / "format").glob("*.txt")
    entry.write_text(stored, encoding="utf-8")
    assert pipeline.format_python(files) == computed


def test_a_tree_read_back_is_the_tree_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-operation spec's whole tree (`pipeline.build_all`): read back from the run's
    cache without running an emitter, and the same as the emitters' output computed now."""
    files = pipeline.build_all([SPEC_DIR / "service.yaml"])  # computed, or read back

    def no_emitters(*args: object) -> None:
        raise AssertionError("the emitters ran on a cache hit")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "_emit_tree", no_emitters)
        assert pipeline.build_all([SPEC_DIR / "service.yaml"]) == files
    service = load_service(SPEC_DIR / "service.yaml")
    digest = pipeline.spec_digest(SPEC_DIR / "service.yaml", service)
    assert pipeline._emit_tree([service], [digest]) == files


def test_the_tree_key_names_every_input() -> None:
    """The spec files' digests, the model, the generator's own files, Python and the installed
    tools (each found without importing it) are all part of the key."""
    service = load_service(SPEC_DIR / "service.yaml")
    key = pipeline._tree_key([service], ["the digest"])
    assert key is not None
    assert '["the digest"]' in key and repr([service]) in key
    assert any(part.startswith("cccgen ") and len(part.split()[-1]) == 64 for part in key)
    assert f"python {sys.version}" in key
    for name in ("jinja2", "markupsafe", "datamodel-code-generator", "pydantic", "ruff"):
        assert any(part.startswith(f"{name} ") for part in key), name
    code = "from cccgen import pipeline; import sys; pipeline._tree_key([], []); "
    code += "print(sorted({'jinja2', 'markupsafe', 'cccgen.emitters'} & set(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        "[]",
        '{"ccc/__init__.py": 1}',
        '{"../evil.py": ""}',
        '{"/etc/evil.py": ""}',
        '{"ccc//x.py": ""}',
        '{"ccc/./x.py": ""}',
        '{"ccc\\\\x.py": ""}',
        '{"": ""}',
    ],
)
def test_a_damaged_tree_is_a_miss(stored: str) -> None:
    """A cache value that is not a tree of text by relative paths inside the output is never
    used (`build_all` computes the tree again)."""
    assert pipeline._as_files(stored) is None


def test_a_tree_value_is_read_as_stored() -> None:
    tree = {"ccc/__init__.py": "x = 1\n", "pyproject.toml": "[x]\r\n山 \u2028"}
    assert pipeline._as_files(json.dumps(tree)) == tree


def test_without_the_cache_the_tree_is_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the cache off (`cache_dir()` None: CCCGEN_NO_CACHE) no tree key is even computed
    (the whole API's model repr alone is 60 ms). Only the tree's lookup is turned off here: the
    models and the formatting are still read back, as the test needs no tool run."""

    def no_key(*args: object) -> None:
        raise AssertionError("a key was computed with the cache off")

    files = pipeline.build_all([SPEC_DIR / "service.yaml"])
    monkeypatch.setattr(pipeline, "cache_dir", lambda: None)
    monkeypatch.setattr(pipeline, "_tree_key", no_key)
    assert pipeline.build_all([SPEC_DIR / "service.yaml"]) == files
