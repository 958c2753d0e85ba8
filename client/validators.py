"""Compiled output-schema validators shared by every episode of a farm.

Every tool result is checked against its tool's output schema, as the MCP SDK's client checks it.
Compiling a validator costs ~5 ms, sixty times a check (most of it checking the schema against the
metaschema); the schemas of an environment's tools are the same in every episode, so each distinct
schema is compiled once per farm and kept, and the metaschema check is ``worldfarm.template``'s,
cached per shape across environments.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry

from worldfarm.template import check_schema


class ValidatorCache:
    def __init__(self) -> None:
        self._compiled: dict[str, Validator] = {}

    def compiled(self, schema: dict[str, Any]) -> Validator:
        """The validator of ``schema``, compiled on first use; ``jsonschema.SchemaError`` if it is no schema."""
        key = json.dumps(schema, sort_keys=True)
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
