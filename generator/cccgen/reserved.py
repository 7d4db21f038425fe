"""Every name the generated code keeps for itself, in one place.

A spec name that lands on one of these would generate code that imports and runs but is wrong
(a model called `Field` replaces pydantic's `Field` in its module; a parameter called `params`
replaces the dict the method sends). The loader's checks (`spec/codegen_checks.py`) refuse
them with a located error; tests compare these lists with what the templates really use.
"""

from __future__ import annotations

import sys

from cccgen.runtime.core import errors as runtime_errors

#: Top-level modules a generated or vendored package must not be named: the standard library,
#: what the generated code and its dependencies import, and the generator itself.
TAKEN_PACKAGE_NAMES = frozenset(sys.stdlib_module_names) | {
    "annotated_types",
    "anyio",
    "cccgen",
    "certifi",
    "h11",
    "httpcore",
    "httpx",
    "idna",
    "pydantic",
    "pydantic_core",
    "pytest",
    "sniffio",
    "typing_extensions",
    "typing_inspection",
}

#: Names a models module imports (or datamodel-code-generator may import) and the builtins its
#: annotations use: no model or enum may be called so, and no field attribute either (the
#: tool renames a field `str` to `str_`; a field `Field` would replace `Field` in the class).
MODELS_MODULE_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "BaseModel",
        "ConfigDict",
        "Enum",
        "Field",
        "IntEnum",
        "Literal",
        "Optional",
        "RootModel",
        "StrEnum",
        "Union",
        "annotations",
        "bool",
        "dict",
        "float",
        "int",
        "list",
        "str",
    }
)

#: Public attributes of pydantic's BaseModel (pydantic 2) and of its metaclass: a field
#: attribute of that name shadows it, and datamodel-code-generator silently renames it
#: (`schema_`). `model_*` is refused as a prefix as well.
BASEMODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "mro",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "register",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)

#: Class names the runtime's errors module exports; a spec error class may not shadow one
#: unless it is that very class (see `codegen_checks`).
RUNTIME_ERROR_NAMES: tuple[str, ...] = tuple(runtime_errors.__all__)
#: Names the errors module imports or defines besides the error classes.
ERRORS_MODULE_NAMES = frozenset({"ERRORS_BY_CODE", "ErrorTable", "Final", "_generic"})
#: Names the client module defines or imports besides the models and error classes.
CLIENT_NAMES = frozenset(
    {
        "Any",
        "ApiResponse",
        "AsyncClient",
        "AsyncClientCore",
        "Client",
        "Credentials",
        "ERRORS_BY_CODE",
        "AsyncSleep",
        "Final",
        "Literal",
        "Mapping",
        "Random",
        "RetryPolicy",
        "SERVICE",
        "Sequence",
        "ServiceInfo",
        "Sleep",
        "SyncClientCore",
        "Validator",
        "_RetryPolicy",
        "_deprecation",
        "_meta",
        "_pagination",
        "_parameters",
        "httpx",
        "validate_response",
    }
)
#: Locals of a client method (and `self`): a parameter of that name would replace them.
CLIENT_METHOD_LOCALS = frozenset({"self", "params", "form", "response"})

#: What the package root imports and exports besides the models, clients and errors, by the
#: module it comes from: templates/package_init.py.jinja renders exactly these.
ROOT_IMPORTS: dict[str, tuple[str, ...]] = {
    "._meta": ("API_VERSION", "GENERATOR_VERSION", "SPEC_DIGEST"),
    "._runtime.core.issues": ("Issue",),
    ".validators": ("is_valid_response", "validate_error_response", "validate_response"),
}
#: Root names only a service that declares an error envelope (`error_response`) has.
ENVELOPE_ROOT_NAMES = frozenset({"validate_error_response"})
ROOT_NAMES = tuple(name for names in ROOT_IMPORTS.values() for name in names)
ROOT_MODULE_NAMES = frozenset(
    {*ROOT_NAMES, "Any", "Final", "TYPE_CHECKING", "importlib", "annotations"}
)

#: Generated files named after an operation sit beside these (compared without case, as
#: macOS and Windows file systems do).
DOCS_INDEX = "README"
