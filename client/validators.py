"""Compiled output-schema validators shared by every episode of a farm.

The MCP SDK checks each tool result against the tool's output schema and compiles a validator for
it once per client session: ~5 ms per tool, paid again by every episode (each has its own session),
which made it the largest cost of a short episode. The schemas of an environment's tools are the
same in every episode, so the harness compiles each distinct schema once and hands the compiled
validators to each new session, through the session's own cache (``_tool_output_validators``,
which the SDK keeps valid when a listing changes a schema). Should a future SDK drop that cache,
priming does nothing and validation still happens, only slower.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import mcp_types as types
from jsonschema import SchemaError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry

logger = logging.getLogger(__name__)

SESSION_CACHE = "_tool_output_validators"


class ValidatorCache:
    def __init__(self) -> None:
        self._compiled: dict[str, Validator | None] = {}

    def prime(self, session: Any, tools: list[types.Tool]) -> None:
        """Give ``session`` a compiled validator for each of ``tools`` that has an output schema."""
        cache = getattr(session, SESSION_CACHE, None)
        if not isinstance(cache, dict):
            return
        for tool in tools:
            if tool.output_schema is not None and tool.name not in cache:
                validator = self.compiled(tool.output_schema)
                if validator is not None:
                    cache[tool.name] = validator

    def compiled(self, schema: dict[str, Any]) -> Validator | None:
        """The validator of ``schema``, compiled on first use; None for an invalid schema (the SDK reports it)."""
        key = json.dumps(schema, sort_keys=True)
        if key not in self._compiled:
            cls = validator_for(schema)
            try:
                cls.check_schema(schema)
                self._compiled[key] = cls(schema, registry=Registry())
            except SchemaError:
                self._compiled[key] = None
        return self._compiled[key]
