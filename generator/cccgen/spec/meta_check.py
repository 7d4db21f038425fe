"""A spec file checked against the meta-schema by straight compiled predicates, for the usual
case of a valid file: `jsonschema` then has nothing to report, and finding that out took it
most of a spec's loading time (a validator evolved per subschema, every `$ref` looked up).

`valid(data)` is True only when `jsonschema` (Draft 2020-12, the `pattern` of structure.py)
finds no error in `data`; False when it finds one, or when `data` holds a value this module
does not model exactly (a date, bytes...): structure.py then asks `jsonschema`, which locates
and words every problem as before. A meta-schema keyword not modelled here switches the
shortcut off altogether (`compile_check` returns None).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

Check = Callable[[Any], bool]

#: Keywords that do not affect validity (annotations, identifiers, the definitions themselves).
_IGNORED = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "examples"})


class Unsure(Exception):
    """A value whose validity this module does not decide: ask jsonschema."""


class Unmodelled(Exception):
    """A schema construct this module does not model."""


def is_type(value: Any, name: str) -> bool:
    """Draft 2020-12's type check for plain YAML/JSON data (bool is not a number; a float with
    an integral value is an integer); other values are Unsure."""
    kind = type(value)
    if kind is dict:
        return name == "object"
    if kind is list:
        return name == "array"
    if kind is str:
        return name == "string"
    if kind is bool:
        return name == "boolean"
    if kind is int:
        return name in ("integer", "number")
    if kind is float:
        return name == "number" or (name == "integer" and value.is_integer())
    if value is None:
        return name == "null"
    raise Unsure


def equal(one: Any, two: Any) -> bool:
    """jsonschema's `equal` (const, enum) for scalars: True and 1 differ, 1 and 1.0 do not."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    for value in (one, two):
        if type(value) not in (int, float, bool, type(None)):
            raise Unsure
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # two booleans that are not the same one, or a boolean and a number
    return bool(one == two)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> bool:
        return all(each(value) for each in checks)

    return check


class _Compiler:
    def __init__(self, root: dict[str, Any], python_pattern: Callable[[str], str]) -> None:
        self.root = root
        self.python_pattern = python_pattern
        self.refs: dict[str, Check] = {}

    def ref(self, target: str) -> Check:
        if not re.fullmatch(r"#/\$defs/[A-Za-z0-9_]+", target):
            raise Unmodelled(f"$ref {target!r}")
        if target not in self.refs:
            name = target.rsplit("/", 1)[1]
            self.refs[target] = lambda value: False  # replaced below; recursion looks it up
            self.refs[target] = self.compile(self.root["$defs"][name])
        refs = self.refs
        return lambda value: refs[target](value)

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unmodelled(f"schema {schema!r}")
        checks: list[Check] = []
        for key, argument in schema.items():
            if key in _IGNORED or key in ("then", "else"):
                continue  # then/else: with their `if`
            checks.append(self.keyword(key, argument, schema))
        return _all(checks)

    def keyword(self, key: str, argument: Any, schema: dict[str, Any]) -> Check:
        if key == "$ref":
            return self.ref(argument)
        if key in ("properties", "additionalProperties", "propertyNames"):
            return self.object_keyword(key, argument, schema)
        if key == "items":
            return _items(self.compile(argument))
        if key == "if":
            then, otherwise = schema.get("then", True), schema.get("else", True)
            return _if(self.compile(argument), self.compile(then), self.compile(otherwise))
        if key == "oneOf":
            return _one_of([self.compile(sub) for sub in argument])
        if key == "pattern":
            return _pattern(re.compile(self.python_pattern(argument)))
        return _plain(key, argument)

    def object_keyword(self, key: str, argument: Any, schema: dict[str, Any]) -> Check:
        if key == "properties":
            return _properties({name: self.compile(sub) for name, sub in argument.items()})
        if key == "propertyNames":
            return _property_names(self.compile(argument))
        if "patternProperties" in schema:
            raise Unmodelled("patternProperties")
        return _additional(frozenset(schema.get("properties", {})), self.compile(argument))


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _plain(key: str, argument: Any) -> Check:
    """Keywords with no subschema."""
    if key == "type":
        names = [argument] if isinstance(argument, str) else list(argument)
        return lambda value: any(is_type(value, name) for name in names)
    if key == "required":
        required = list(argument)
        return lambda value: not is_type(value, "object") or all(k in value for k in required)
    if key == "minItems":
        least = int(argument)
        return lambda value: not is_type(value, "array") or len(value) >= least
    if key == "uniqueItems":
        return _unique if argument is True else _always
    if key == "minimum":
        return lambda value: not is_type(value, "number") or not value < argument
    if key == "maximum":
        return lambda value: not is_type(value, "number") or not value > argument
    if key == "const":
        return lambda value: equal(value, argument)
    if key == "enum":
        options = list(argument)
        return lambda value: any(equal(option, value) for option in options)
    raise Unmodelled(key)


def _items(item: Check) -> Check:
    return lambda value: not is_type(value, "array") or all(item(v) for v in value)


def _if(condition: Check, then: Check, otherwise: Check) -> Check:
    return lambda value: then(value) if condition(value) else otherwise(value)


def _one_of(options: list[Check]) -> Check:
    return lambda value: sum(1 for option in options if option(value)) == 1


def _pattern(pattern: re.Pattern[str]) -> Check:
    return lambda value: not is_type(value, "string") or pattern.search(value) is not None


def _properties(properties: dict[str, Check]) -> Check:
    def check(value: Any) -> bool:
        if not is_type(value, "object"):
            return True
        for name, each in properties.items():
            if name in value and not each(value[name]):
                return False
        return True

    return check


def _property_names(name: Check) -> Check:
    return lambda value: not is_type(value, "object") or all(name(k) for k in value)


def _additional(known: frozenset[str], extra: Check) -> Check:
    def check(value: Any) -> bool:
        if not is_type(value, "object"):
            return True
        return all(extra(value[k]) for k in value if k not in known)

    return check


def _unique(value: Any) -> bool:
    if not is_type(value, "array"):
        return True
    if not all(type(v) is str for v in value):
        raise Unsure
    return len(set(value)) == len(value)


def compile_check(schema: dict[str, Any], python_pattern: Callable[[str], str]) -> Check | None:
    """The meta-schema as a predicate (`valid`'s first argument), or None when it uses a
    construct not modelled here. `python_pattern` turns a schema's `pattern` into the Python
    expression that structure.py's validator searches for."""
    try:
        return _Compiler(schema, python_pattern).compile(schema)
    except Unmodelled:
        return None


def _search(pattern: str) -> str:
    return pattern  # jsonschema's own `pattern`: `re.search` of the pattern as written


class SchemaErrors:
    """`jsonschema.Draft202012Validator(schema).iter_errors`, for the schemas of
    `cccgen.schemas` that the loader checks examples against: an instance the compiled
    predicate passes has no error, and the validator is built (and `jsonschema` imported)
    only to locate and word the errors of one it does not pass."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.check = compile_check(schema, _search)
        self.validator: jsonschema.Draft202012Validator | None = None

    def __call__(self, instance: Any) -> Iterator[jsonschema.ValidationError]:
        if valid(self.check, instance):
            return iter(())
        if self.validator is None:
            import jsonschema

            self.validator = jsonschema.Draft202012Validator(self.schema)
        return self.validator.iter_errors(instance)


def valid(check: Check | None, data: Any) -> bool:
    """True only when the meta-schema's validator would find no error in `data` (or, for a
    `schema_check`, jsonschema's plain Draft 2020-12 validator of that schema)."""
    if check is None:
        return False
    try:
        return check(data)
    except Unsure:
        return False
