"""One read-only tool that states the business's policy values, so a refusal's reason can be looked up."""

from __future__ import annotations

from generator.sql import lit
from generator.tooling import make_tool, obj, ret
from generator.world import World

POLICY_TOOL = "get_policies"


def policy_tool(w: World) -> str | None:
    """``get_policies``: every rule the world's modules declared, or None when there are none."""
    if not w.rules:
        return None
    columns = ", ".join(f"{lit(value)} AS {name}" for name, value in w.rules.items())
    output = obj(
        {name: {"type": "integer" if isinstance(value, int) else "string"} for name, value in w.rules.items()},
        list(w.rules),
    )
    text = f"{w.title}'s policies: " + ", ".join(name.replace("_", " ") for name in w.rules) + "."
    return w.tool(make_tool(POLICY_TOOL, text, {}, [], [ret(f"SELECT {columns}")], output, read_only=True))
