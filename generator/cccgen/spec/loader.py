"""Load a service spec (service.yaml + operation files), check it, and build the API model.

Checks run in layers and every problem found is reported at once, located at file:line:column:
1. structure, against the meta-schema (`meta-schema.json` beside this file);
2. meaning: types, enum references and values, Python name collisions, examples;
Loading stops there, so `cccgen diff` can compare specs the generator refuses; what the generated
code can say is the check stage's job (`codegen_checks.check_service`), over the model this
builds: every node carries its `Location`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cccgen import model as m
from cccgen import schemas
from cccgen.problems import Problem, SpecError
from cccgen.spec import paging as paging_spec
from cccgen.spec.library import Library, check_operation_names
from cccgen.spec.meta_check import SchemaErrors
from cccgen.spec.operation import OperationBuilder, errors_of, text_of
from cccgen.spec.structure import check_structure
from cccgen.spec.yaml_source import Located, load_yaml


def load_service(service_file: Path, root: Path | None = None) -> m.Service:
    """Load `service_file` and the operation files it names, check their structure and meaning,
    and build the model; raise SpecError with every problem found."""
    root = root or service_file.parent.parent
    # Generated headers name the spec relative to its root directory ("spec/ccc/x.yaml"), which
    # does not depend on where cccgen runs from; problems are shown relative to the cwd instead.
    source_prefix = f"{root.resolve().name}/{service_file.parent.name}"
    problems: list[Problem] = []
    doc = _read(service_file, root, problems)
    if doc is None:
        raise SpecError(problems)
    check_structure(doc, "service", problems)
    operations: list[m.Operation] = []
    op_docs: dict[str, Located] = {}
    library = Library(doc, problems, f"{source_prefix}/{service_file.name}")
    if not problems:
        library.build()
        for index, rel in enumerate(doc.data["operations"]):
            op_file = service_file.parent / rel
            if not op_file.is_file():
                problems.append(
                    doc.problem(("operations", index), f"operation file {rel!r} not found")
                )
                continue
            op_doc = _read(op_file, root, problems)
            if op_doc is None:
                continue
            before = len(problems)
            check_structure(op_doc, "operation", problems)
            if len(problems) == before:
                op = OperationBuilder(op_doc, problems, f"{source_prefix}/{rel}", library).build()
                if op is not None:
                    operations.append(op)
                    op_docs[op.source] = op_doc
        library.check_used()
        check_operation_names(doc, library, operations, problems)
    envelope = _error_envelope(doc, problems, source_prefix) if not problems else None
    if envelope is not None:
        _check_error_examples(envelope, operations, op_docs, problems)
    groups = paging_spec.groups(
        doc.data.get("groups", []) if not problems else [],
        {op.name for op in operations},
        lambda path, message: problems.append(doc.problem(path, message)),
    )
    if problems:
        raise SpecError(problems)
    service = _build_service(doc, operations, f"{source_prefix}/{service_file.name}")
    return dataclasses.replace(
        service,
        error_response=envelope,
        models=tuple(library.models.values()),
        enums=tuple(library.builder.enums.values()),
        endpoints=tuple(doc.data.get("endpoints", {}).items()),
        groups=groups,
    )


def _read(path: Path, root: Path, problems: list[Problem]) -> Located | None:
    shown = _display(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 0, 0, "", f"cannot read: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, 1, "", "not valid UTF-8"))
        return None
    doc, found = load_yaml(text, shown)
    problems.extend(found)
    if doc is not None and not isinstance(doc.data, dict):
        problems.append(doc.problem((), "a spec file must be a mapping at the top level"))
        return None
    # Duplicate keys were reported; the rest of the document is still checked.
    return doc


def _display(path: Path, root: Path) -> str:
    # Relative to where the user stands, so editors and terminals can open `file:line` directly.
    for base in (Path.cwd(), root):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _error_envelope(doc: Located, problems: list[Problem], source: str) -> m.ErrorEnvelope | None:
    """The service's `error_response` section, checked like a response object, and its
    `code_field` (a string field) and `status_field` (an integer field)."""
    spec = doc.data.get("error_response")
    if spec is None:
        return None
    before = len(problems)
    builder = OperationBuilder(doc, problems, source)
    body = builder._object(spec, ("error_response",))
    builder._check_field_examples(body, ("error_response",))
    fields = {f.wire_name: f for f in body.fields}
    for key, kinds, what in (
        ("code_field", ("string",), "a string"),
        ("status_field", ("int32", "int64"), "an integer"),
    ):
        name = spec.get(key)
        if name is None:
            continue
        found = fields.get(name)
        if found is None:
            builder.report(("error_response", key), f"{name!r} is not one of the fields below")
        elif found.type.kind not in kinds or found.nullable:
            builder.report(("error_response", key), f"field {name!r} must be {what}, not nullable")
    if len(problems) != before:
        return None
    return m.ErrorEnvelope(body, spec["code_field"], spec.get("status_field"), spec["success_code"])


def _check_error_examples(
    envelope: m.ErrorEnvelope,
    operations: list[m.Operation],
    docs: dict[str, Located],
    problems: list[Problem],
) -> None:
    """Every `error` example of every operation must fit the error envelope (strictly)."""
    errors = SchemaErrors(schemas.object_schema(envelope.body, strict=True))
    for op in operations:
        found = [
            (ex.name, error)
            for ex in op.examples
            if ex.error is not None
            for error in errors(ex.error)
        ]
        for name, error in found:
            problems.append(
                docs[op.source].problem(
                    ("examples", name, "error", *error.absolute_path),
                    f"example does not fit the error envelope: {error.message}",
                )
            )


def _build_service(doc: Located, operations: list[m.Operation], source: str) -> m.Service:
    data = doc.data
    endpoint = data["endpoint"]
    env = data["auth"].get("environment", {})
    errors = errors_of(doc)
    return m.Service(
        name=data["name"],
        product=data["product"],
        title=text_of(data["title"]) or m.Text("", ""),
        api_version=data["api_version"],
        style=data["style"],
        endpoint=m.Endpoint(
            host_pattern=endpoint["host_pattern"],
            central_host=endpoint.get("central_host"),
            central_regions=tuple(endpoint.get("central_regions", ())),
        ),
        auth=m.Auth(
            signature=data["auth"]["signature"],
            alternatives=tuple(data["auth"].get("alternatives", ())),
            env_access_key_id=env.get("access_key_id", "ALIBABA_CLOUD_ACCESS_KEY_ID"),
            env_access_key_secret=env.get("access_key_secret", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
            env_security_token=env.get("security_token", "ALIBABA_CLOUD_SECURITY_TOKEN"),
        ),
        errors=errors,
        operations=tuple(operations),
        source=source,
        location=doc.location(("name",)),
    )
