"""Compiled output-schema validators shared by every episode of a farm.

Every tool result is checked against its tool's output schema, as the MCP SDK's client checks it.
Compiling a validator costs ~5 ms, sixty times a check (most of it checking the schema against the
metaschema); the schemas of an environment's tools are the same in every episode, so each distinct
schema is compiled once per farm and kept, and the metaschema check is ``worldfarm.template``'s,
cached per shape across environments. Beside each validator it keeps the schema's fast predicate
(``worldfarm.fastschema``), which says "valid" for the common case without running ``jsonschema``.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry

from worldfarm.fastschema import Check, fast_validator
from worldfarm.template import check_schema

MAX_SEEN = 4096
"""Schema objects remembered by id (more only if tool lists were not shared: then it starts over)."""


class ValidatorCache:
    def __init__(self) -> None:
        self._compiled: dict[str, Validator] = {}
        self._fast: dict[str, Check | None] = {}
        self._seen: dict[int, tuple[dict[str, Any], Validator, Check | None]] = {}
        """Both by the schema object's id (an environment's tools are shared by its episodes), with the object
        itself, which keeps the id from being reused while it is here."""

    def checks(self, schema: dict[str, Any]) -> tuple[Validator, Check | None]:
        """The validator of ``schema`` and its fast predicate (None when ``worldfarm.fastschema`` has none: it
        says True only where ``jsonschema`` does); ``jsonschema.SchemaError`` if it is no schema."""
        seen = self._seen.get(id(schema))
        if seen is None or seen[0] is not schema:
            key = json.dumps(schema, sort_keys=True)
            validator = self._compile(key, schema)
            if key not in self._fast:
                self._fast[key] = fast_validator(schema)
            if len(self._seen) >= MAX_SEEN:
                self._seen.clear()
            seen = self._seen[id(schema)] = (schema, validator, self._fast[key])
        return seen[1], seen[2]

    def _compile(self, key: str, schema: dict[str, Any]) -> Validator:
        validator = self._compiled.get(key)
        if validator is None:
            cls = validator_for(schema)
            if cls is Draft202012Validator:
                check_schema(schema)  # the same check, made fast for the shapes tools repeat
            else:
                cls.check_schema(schema)
            # an explicit empty registry, as the SDK's client has: $refs resolve within the schema only
            validator = self._compiled[key] = cls(schema, registry=Registry())
        return validator
