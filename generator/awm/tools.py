"""A scenario's tools, read from its app's own OpenAPI document (what the app really serves, not what
its spec promised): one tool per operation, named by its operation id, described by its summary and
description, its path and query parameters and the fields of its JSON body as one JSON Schema.

References (``$ref``) are inlined, so each tool's schema stands alone; unknown arguments are refused.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from worldfarm.bundle import RESERVED_TOOL_NAMES, Annotations
from worldfarm.codeenv import CodeTool, HttpMethod, ParamPlace, Route

METHODS: tuple[HttpMethod, ...] = ("GET", "POST", "PUT", "PATCH", "DELETE")
MAX_DEPTH = 12


def tools_from_openapi(openapi: dict[str, Any]) -> tuple[list[CodeTool], list[str]]:
    """The app's operations as tools, and what could not be turned into one (with why)."""
    components = openapi.get("components", {}).get("schemas", {})
    tools: list[CodeTool] = []
    problems: list[str] = []
    taken: set[str] = set()
    for path, item in openapi.get("paths", {}).items():
        for method_name, operation in item.items():
            method = method_name.upper()
            if method not in METHODS or not isinstance(operation, dict):
                continue
            name = _name(operation.get("operationId") or f"{method.lower()}_{path}", taken, problems)
            try:
                tools.append(_tool(name, method, path, operation, components))
            except ValueError as exc:
                problems.append(f"{method} {path} ({name}) cannot be a tool: {exc}")
    return tools, problems


def _name(wanted: str, taken: set[str], problems: list[str]) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", wanted)[:60] or "operation"
    if not re.match(r"[A-Za-z_]", name):
        name = f"op_{name}"[:60]
    if name in RESERVED_TOOL_NAMES:
        problems.append(f"operation {name!r} is named like a control-plane operation: served as {name}_op")
        name = f"{name}_op"
    base, suffix = name, 2
    while name in taken:
        name, suffix = f"{base}_{suffix}", suffix + 1
    taken.add(name)
    return name


def _tool(name: str, method: HttpMethod, path: str, operation: dict[str, Any], components: dict[str, Any]) -> CodeTool:
    properties: dict[str, Any] = {}
    required: list[str] = []
    places: dict[str, ParamPlace] = {}
    for parameter in operation.get("parameters", []):
        parameter = _inline(parameter, components)
        where = parameter.get("in")
        if where not in ("path", "query"):
            continue
        declared = dict(parameter.get("schema") or {})
        if parameter.get("description") and "description" not in declared:
            declared["description"] = parameter["description"]
        properties[parameter["name"]] = declared
        places[parameter["name"]] = where
        if parameter.get("required") or where == "path":
            required.append(parameter["name"])
    _add_body(operation.get("requestBody"), components, properties, required, places)
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return CodeTool(
        name=name,
        description=_description(operation, method, path),
        input_schema=schema,
        annotations=Annotations(
            read_only=method == "GET", destructive=method == "DELETE", idempotent=method in ("GET", "PUT", "DELETE")
        ),
        route=Route(method=method, path=path, params=places),
    )


def _add_body(
    body: Any,
    components: dict[str, Any],
    properties: dict[str, Any],
    required: list[str],
    places: dict[str, ParamPlace],
) -> None:
    if not isinstance(body, dict):
        return
    body = _inline(body, components)
    schema = body.get("content", {}).get("application/json", {}).get("schema")
    if not isinstance(schema, dict):
        return
    fields = schema.get("properties")
    if schema.get("type") == "object" and isinstance(fields, dict) and not set(fields) & set(properties):
        for field_name, field_schema in fields.items():
            properties[field_name] = field_schema
            places[field_name] = "body"
        required += [r for r in schema.get("required", []) if r in fields]
        return
    properties["body"] = schema
    places["body"] = "json"
    if body.get("required"):
        required.append("body")


def _description(operation: dict[str, Any], method: str, path: str) -> str:
    summary, description = str(operation.get("summary") or "").strip(), str(operation.get("description") or "").strip()
    if summary and description and description.rstrip(".") != summary.rstrip("."):
        return f"{summary}. {description}" if not summary.endswith(".") else f"{summary} {description}"
    return summary or description or f"{method} {path}"


def _inline(schema: Any, components: dict[str, Any], depth: int = 0) -> Any:
    """``schema`` with every ``#/components/schemas/...`` reference replaced by a copy of what it names."""
    if isinstance(schema, list):
        return [_inline(item, components, depth) for item in schema]
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/components/schemas/"):
        target = components.get(reference.rsplit("/", 1)[-1])
        if target is None or depth >= MAX_DEPTH:
            return {}
        merged = {**copy.deepcopy(target), **{k: v for k, v in schema.items() if k != "$ref"}}
        return _inline(merged, components, depth + 1)
    return {key: _inline(value, components, depth) for key, value in schema.items()}
