"""The API reference at /api/docs/: the OpenAPI document of drf-spectacular, read
into plain rows that a server-rendered template shows (no Swagger UI, no script)."""

import functools
from dataclasses import dataclass
from http import HTTPStatus

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator

WRITE_METHODS = {"post", "put", "patch", "delete"}
METHODS = ("get", "post", "put", "patch", "delete")
PROBLEM_MEDIA_TYPE = "application/problem+json"
REF_PREFIX = "#/components/schemas/"
# Headings of the schema's tags (views.py: extend_schema(tags=…)).
TAG_TITLES = {
    "municipalities": _("Gemeinden"),
    "figures": _("Kennzahlen und ihre Werte"),
    "register": _("Kooperationsregister"),
    "reference": _("Organisationsformen und Förderprogramme"),
}


@dataclass(frozen=True)
class Field:
    """A parameter, a body field or a model's field."""

    name: str
    location: str  # path, query, header, body; "" for a model's field
    required: bool
    type_label: str
    type_ref: str  # the model's name when the type is one of the models, else ""
    description: str


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    media_type: str
    model: str
    is_problem: bool


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    parameters: tuple[Field, ...]
    body_media_type: str
    body_model: str
    body_fields: tuple[Field, ...]
    answers: tuple[Answer, ...]
    needs_token: bool

    @property
    def anchor(self) -> str:
        return f"op-{self.operation_id}"


@dataclass(frozen=True)
class Tag:
    name: str
    operations: tuple[Operation, ...]

    @property
    def title(self) -> str:
        return TAG_TITLES.get(self.name, self.name)


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    fields: tuple[Field, ...]
    enum: tuple[str, ...]


@dataclass(frozen=True)
class ApiReference:
    title: str
    version: str
    description: str
    openapi: str
    auth_description: str
    tags: tuple[Tag, ...]
    models: tuple[Model, ...]

    @property
    def operations(self) -> list[Operation]:
        return [operation for tag in self.tags for operation in tag.operations]


def _ref_name(schema: dict) -> str:
    ref = schema.get("$ref", "")
    if ref:
        return ref.removeprefix(REF_PREFIX)
    parts = schema.get("allOf") or []
    return _ref_name(parts[0]) if len(parts) == 1 else ""


def _type_label(schema: dict) -> str:
    name = _ref_name(schema)
    if name:
        label = name
    elif schema.get("type") == "array":
        label = f"array[{_type_label(schema.get('items', {}))}]"
    else:
        label = schema.get("type", "any")
        if schema.get("format"):
            label += f" ({schema['format']})"
        if schema.get("enum"):
            label += ": " + " | ".join(str(value) for value in schema["enum"])
    return f"{label}, nullable" if schema.get("nullable") else label


def _item_ref(schema: dict) -> str:
    return _ref_name(schema) or _ref_name(schema.get("items", {}))


def _fields(schema: dict, *, location: str = "") -> tuple[Field, ...]:
    required = set(schema.get("required", ()))
    return tuple(
        Field(
            name=name,
            location=location,
            required=name in required,
            type_label=_type_label(field),
            type_ref=_item_ref(field),
            description=str(field.get("description") or field.get("title", "")),
        )
        for name, field in schema.get("properties", {}).items()
        if not field.get("readOnly")
    )


def _parameters(operation: dict) -> tuple[Field, ...]:
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    parameters = sorted(
        operation.get("parameters", ()),
        key=lambda p: (order.get(p["in"], 9), p["name"]),
    )
    return tuple(
        Field(
            name=parameter["name"],
            location=parameter["in"],
            required=bool(parameter.get("required")),
            type_label=_type_label(parameter.get("schema", {})),
            type_ref="",
            description=str(parameter.get("description", "")),
        )
        for parameter in parameters
    )


def _answers(operation: dict) -> tuple[Answer, ...]:
    answers = []
    for status, answer in sorted(operation.get("responses", {}).items()):
        content = answer.get("content", {})
        media_type = next(iter(content), "")
        description = str(answer.get("description", ""))
        if not description and status.isdigit():
            description = HTTPStatus(int(status)).phrase
        answers.append(
            Answer(
                status=status,
                description=description,
                media_type=media_type,
                model=_ref_name(content.get(media_type, {}).get("schema", {})),
                is_problem=media_type == PROBLEM_MEDIA_TYPE,
            )
        )
    return tuple(answers)


def _operation(path: str, method: str, operation: dict, models: dict) -> Operation:
    content = operation.get("requestBody", {}).get("content", {})
    body_media_type = next(iter(content), "")
    body_schema = content.get(body_media_type, {}).get("schema", {})
    body_model = _ref_name(body_schema)
    return Operation(
        method=method.upper(),
        path=path,
        operation_id=operation.get("operationId", f"{method}{path}"),
        summary=str(operation.get("summary", "")),
        description=str(operation.get("description", "")),
        parameters=_parameters(operation),
        body_media_type=body_media_type,
        body_model=body_model,
        body_fields=_fields(models.get(body_model, body_schema), location="body"),
        answers=_answers(operation),
        needs_token=method in WRITE_METHODS,
    )


def reference_from_schema(schema: dict) -> ApiReference:
    """The reference's rows from an OpenAPI 3 document (a dict)."""
    models = schema.get("components", {}).get("schemas", {})
    by_tag: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                tag = (operation.get("tags") or ["api"])[0]
                by_tag.setdefault(tag, []).append(
                    _operation(path, method, operation, models)
                )
    schemes = schema.get("components", {}).get("securitySchemes", {})
    info = schema.get("info", {})
    return ApiReference(
        title=info.get("title", ""),
        version=info.get("version", ""),
        description=str(info.get("description", "")),
        openapi=schema.get("openapi", ""),
        auth_description=" ".join(
            str(scheme.get("description", "")) for scheme in schemes.values()
        ),
        tags=tuple(
            Tag(name=name, operations=tuple(operations))
            for name, operations in by_tag.items()
        ),
        models=tuple(
            Model(
                name=name,
                description=str(model.get("description", "")),
                fields=_fields(model),
                enum=tuple(str(value) for value in model.get("enum", ())),
            )
            for name, model in sorted(models.items())
        ),
    )


@functools.cache
def api_reference(language: str) -> ApiReference:
    """The reference in `language`, generated once per process: the schema follows
    the code, not the data (its descriptions are translated, hence per language)."""
    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return reference_from_schema(schema)
