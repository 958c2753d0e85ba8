"""How a stage shows the model what earlier stages made: compact text for prompts."""

from __future__ import annotations

import json
from typing import Any

from worldfarm import Schema, SeedTable, Tool


def compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def tasks_text(ideas: list[dict[str, Any]]) -> str:
    return "\n".join(f"- [{idea['difficulty']}] {idea['instruction']}" for idea in ideas)


def schema_text(schema: Schema) -> str:
    parts = []
    for table in schema.tables:
        parts.append(table.sql.strip() + ";")
        parts += [sql.strip() + ";" for sql in table.indexes]
    return "\n".join(parts)


def seed_text(seed: tuple[SeedTable, ...], max_rows: int) -> str:
    """Each table's columns and (up to ``max_rows``) rows, one JSON array per row."""
    lines = []
    for block in seed:
        more = len(block.rows) - max_rows
        lines.append(f"{block.table} ({', '.join(block.columns)}):")
        lines += [compact(row) for row in block.rows[:max_rows]]
        if more > 0:
            lines.append(f"... and {more} more rows")
    return "\n".join(lines)


def tools_text(tools: tuple[Tool, ...]) -> str:
    """Each tool as JSON: name, description, input schema, annotations and program (no output schema)."""
    shown = []
    for tool in tools:
        data = tool.model_dump(mode="json", by_alias=True, exclude={"output_schema"})
        data["program"] = [{k: v for k, v in step.items() if v is not None} for step in data["program"]]
        shown.append(compact(data))
    return "\n".join(shown)


def scenario_values(scenario: dict[str, Any]) -> dict[str, Any]:
    """The values every stage prompt fills in about the scenario."""
    return {
        "env_id": scenario["id"],
        "title": scenario["title"],
        "description": scenario["description"],
        "today": str(scenario["clock"])[:10],
    }
