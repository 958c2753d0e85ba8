"""The fast path for argument and output validation never accepts what jsonschema refuses, and is taken
for real calls and their results."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servers.environments import nullable_as_any_of
from tests.conftest import EXAMPLES
from tests.servers.tiny import TOOLS
from worldfarm import find_bundles, load_bundle
from worldfarm.fastschema import fast_validator

BUNDLES = [load_bundle(path) for path in find_bundles(EXAMPLES)]
SCHEMAS = [tool.input_schema for bundle in BUNDLES for tool in bundle.env.tools] + [t["input_schema"] for t in TOOLS]
SCHEMAS += [  # output schemas as workers serve them (nullable columns as anyOf), as the harness checks them
    nullable_as_any_of(tool.output_schema) for bundle in BUNDLES for tool in bundle.env.tools if tool.output_schema
]
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=12),
    st.sampled_from(["2026-03-04", "2026-13-40", "a@b.co", "STD", "BRK", "card", "confirmed", "", "1", "+1-555-0142"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def near(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values at and around what ``schema`` allows: enum members, bounds and one past them, strings
    from its pattern, and now and then anything at all."""
    kind = schema.get("type")
    if "anyOf" in schema:
        typed: st.SearchStrategy[Any] = st.one_of(*[near(branch) for branch in schema["anyOf"]])
    elif "enum" in schema:
        typed = st.sampled_from(schema["enum"])
    elif kind == "integer":
        low, high = schema.get("minimum", -5), schema.get("maximum", 10**6)
        typed = st.integers(low - 1, high + 1) | st.sampled_from([float(low), low + 0.5])
    elif kind == "number":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -5))
        typed = st.floats(low - 1, low + 10**5, allow_nan=False) | st.just(low)
    elif kind == "string" and "pattern" in schema:
        typed = st.from_regex(schema["pattern"]) | st.text(max_size=schema.get("maxLength", 8) + 1)
    elif kind == "string":
        typed = st.text(min_size=max(0, schema.get("minLength", 0) - 1), max_size=schema.get("maxLength", 8) + 1)
    elif kind == "object":
        typed = objects(schema)
    else:
        typed = values
    return st.one_of(typed, typed, typed, values)


def objects(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    fields = {name: near(sub) for name, sub in sorted(properties.items())}
    present = st.fixed_dictionaries(
        {n: s for n, s in fields.items() if n in required},
        optional={n: s for n, s in fields.items() if n not in required},
    )
    dropped = st.sampled_from(sorted(required)) if required else st.none()
    return st.tuples(present, dropped, st.booleans(), st.booleans(), values).map(
        lambda t: {k: v for k, v in {**t[0], **({"extra": t[4]} if t[3] else {})}.items() if not (t[2] and k == t[1])}
    )


def instances(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    return st.one_of(objects(schema), objects(schema), objects(schema), values)


FAST = [fast_validator(schema) for schema in SCHEMAS]
SLOW = [jsonschema.Draft202012Validator(schema, format_checker=FORMATS) for schema in SCHEMAS]


def test_every_example_schema_has_a_fast_path() -> None:
    assert all(accepts is not None for accepts in FAST)


@settings(max_examples=800, deadline=None)
@given(data=st.data())
@pytest.mark.slow  # seconds of work: the full suite runs it, the fast loop skips it
def test_the_fast_path_never_accepts_an_instance_jsonschema_refuses(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(SCHEMAS) - 1))
    instance = data.draw(instances(SCHEMAS[index]))
    accepts = FAST[index]
    if accepts is not None and accepts(instance):
        assert SLOW[index].is_valid(instance), (SCHEMAS[index], instance)


def test_every_reference_solution_call_takes_the_fast_path() -> None:
    for bundle in BUNDLES:
        for task in bundle.tasks:
            for call in task.solution:
                tool = bundle.env.tool(call.tool)
                assert tool is not None
                accepts = fast_validator(tool.input_schema)
                assert accepts is not None
                assert accepts(call.arguments), (bundle.id, task.id, call.tool)


@pytest.mark.parametrize(
    ("schema", "instance", "expected"),
    [
        ({"type": "integer"}, True, False),  # a boolean is not a number in JSON Schema
        ({"type": "integer"}, 3.0, True),  # but an integral float is an integer
        ({"type": "number", "minimum": 1}, False, False),
        ({"enum": [1, 2]}, True, False),  # True == 1 in Python, not in JSON
        ({"type": "string", "format": "date"}, "2026-02-30", False),
        ({"type": "string", "pattern": "^a"}, "ba", False),
        ({"type": "object", "additionalProperties": False, "properties": {"a": {}}}, {"b": 1}, False),
        ({"type": "array", "items": {"type": "string"}, "maxItems": 2}, ["a", "b"], True),
        ({"anyOf": [{"type": "string", "minLength": 2}, {"type": "null"}]}, None, True),
        ({"anyOf": [{"type": "string", "minLength": 2}, {"type": "null"}]}, "a", False),
    ],
)
def test_the_fast_path_follows_json_schema_semantics(schema: dict[str, Any], instance: Any, expected: bool) -> None:
    accepts = fast_validator(schema)
    assert accepts is not None
    assert accepts(instance) is expected
    assert jsonschema.Draft202012Validator(schema, format_checker=FORMATS).is_valid(instance) is expected


@pytest.mark.parametrize(
    "schema",
    [
        {"oneOf": [{"type": "string"}]},
        {"anyOf": [{"type": "string"}, {"not": {}}]},
        {"anyOf": []},
        {"$ref": "#/x"},
        {"enum": [None, True]},
        {"type": "object", "additionalProperties": {"type": "string"}},
    ],
)
def test_schemas_outside_the_subset_get_no_fast_path(schema: dict[str, Any]) -> None:
    assert fast_validator(schema) is None
