"""The first check of a spec file: its structure, against the meta-schema (`meta-schema.json`
beside this module), every problem located at file:line:column; and the check that the copy
published at `spec/meta-schema.json` is still that file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cccgen.problems import Problem
from cccgen.spec import meta_check
from cccgen.spec.yaml_source import Located, PathKey

if TYPE_CHECKING:
    import jsonschema

META_SCHEMA_PATH = Path(__file__).with_name("meta-schema.json")


@cache
def meta_schema() -> dict[str, Any]:
    """The JSON Schema that spec files are checked against."""
    loaded: dict[str, Any] = json.loads(META_SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def published_copy_problem(spec_dir: Path) -> str | None:
    """Why `spec_dir/meta-schema.json`, the copy published for spec authors' editors, is not
    the meta-schema in use; None when it is, or when there is none. In the repository it is a
    symlink, which a checkout without symlinks (git on Windows, an archive) turns into a file."""
    published = spec_dir / META_SCHEMA_PATH.name
    if not published.exists() and not published.is_symlink():
        return None
    try:
        same = published.read_bytes() == META_SCHEMA_PATH.read_bytes()
    except OSError as exc:
        return f"{published.as_posix()}: cannot read: {exc.strerror}"
    if same:
        return None
    return (
        f"{published.as_posix()} differs from the meta-schema cccgen checks specs with "
        f"({META_SCHEMA_PATH}); make it a copy of (or a symlink to) that file"
    )


def check_structure(doc: Located, kind: str, problems: list[Problem]) -> None:
    """Append a located problem for every way `doc` departs from the meta-schema."""
    if doc.data.get("kind") != kind:
        problems.append(doc.problem(("kind",), f"expected kind: {kind}"))
        return
    if meta_check.valid(_meta_check(), doc.data):
        return  # what jsonschema would say, in a fraction of its time
    for error in _meta_validator().iter_errors(doc.data):
        for leaf in _leaves(error):
            path: PathKey = tuple(leaf.absolute_path)
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                # At each unknown key, where the editor should jump, not at its parent mapping.
                allowed = leaf.schema.get("properties", {}) if isinstance(leaf.schema, dict) else {}
                for key in leaf.instance:
                    if key not in allowed:
                        problems.append(doc.problem((*path, key), f"unknown key {key!r}"))
                continue
            if "propertyNames" in leaf.absolute_schema_path and isinstance(leaf.instance, str):
                path = (*path, leaf.instance)  # the key itself is wrong: point at it
            problems.append(doc.problem(path, _describe(leaf)))


def _python_pattern(pattern: str) -> str:
    # Meta-schema patterns are ECMA-262, where `$` ends the string; Python's `$` also matches
    # before a final newline, which let `name: "Get\n"` through to file names and wire names.
    return pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern


def _whole_match(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not re.search(_python_pattern(pattern), instance):
        import jsonschema

        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _meta_validator() -> Any:
    """One validator per process: every spec file after the first reuses its resolved refs.
    Built (and `jsonschema` imported) only for a file that `meta_check` does not pass."""
    import jsonschema

    extended = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {"pattern": _whole_match}
    )
    return extended(meta_schema())


@cache
def _meta_check() -> meta_check.Check | None:
    """The meta-schema compiled once per process (None: a construct not modelled there)."""
    return meta_check.compile_check(meta_schema(), _python_pattern)


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    # if/then/$ref wrap the useful errors; report the innermost ones.
    if error.context:
        import jsonschema

        best = jsonschema.exceptions.best_match(error.context)
        return [best] if best is not None else [error]
    return [error]


def _describe(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required key {missing!r}"
    if error.validator == "pattern":
        return f"{error.instance!r} does not match the expected form {error.validator_value!r}"
    return str(error.message)
