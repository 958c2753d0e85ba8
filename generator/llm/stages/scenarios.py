"""Stage 1, scenarios: new everyday scenarios in batches, until enough distinct ones are accepted.

Each batch shows the model seed scenarios as examples (rotating through them), the scenarios
accepted so far, and the categories with room left. Every proposed scenario is validated against
the contract (its id, title, description, domain and clock are Environment fields), then rejected
if it repeats a seed or an accepted scenario, or its category is unknown or full.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import ValidationError

from generator.llm.diversity import Balance, Known, known, near_duplicate
from generator.llm.execute import ENV_FILE, invalid
from generator.llm.models import Scenario
from generator.llm.prompts import prompt
from generator.llm.report import Log
from generator.llm.stages.context import Context

EXAMPLES_SHOWN = 12
BATCH = 20
EXISTING_SHOWN = 300


async def choose_scenarios(
    ctx: Context,
    log: Log,
    *,
    count: int,
    seeds: list[dict[str, str]],
    categories: tuple[str, ...],
    clock: str,
) -> list[dict[str, Any]]:
    """Up to ``count`` accepted scenarios (fewer if the model keeps repeating itself), in order."""
    balance = Balance(categories, count)
    others = [known(s["name"], s["name"], s["description"]) for s in seeds]
    accepted: list[dict[str, Any]] = []
    for batch in range(2 + 2 * math.ceil(count / BATCH)):
        need = count - len(accepted)
        if need <= 0:
            break
        messages = prompt("scenarios").messages(
            count=min(BATCH, need + max(2, need // 4)),
            categories=", ".join(balance.room()),
            examples=_examples(seeds, batch),
            existing="\n".join(f"- {s['id']}: {s['title']}" for s in accepted[-EXISTING_SHOWN:]) or "(none yet)",
            clock=clock,
        )
        listed = await ctx.produce(
            "scenarios", messages, "scenarios", _check_list, what="scenario list", log=log, item=f"batch {batch}"
        )
        for raw in listed.value or []:
            if len(accepted) < count:
                _consider(raw, accepted, others, balance, log)
    return accepted


async def _check_list(data: Any) -> tuple[list[Any] | None, list[str]]:
    items = data.get("scenarios")
    if not isinstance(items, list) or not items:
        return None, ['the reply must be {"scenarios": [...]} with at least one scenario']
    return items, []


def _consider(raw: Any, accepted: list[dict[str, Any]], others: list[Known], balance: Balance, log: Log) -> None:
    name = str(raw.get("id") or raw.get("title") or "?") if isinstance(raw, dict) else "?"
    try:
        scenario = Scenario.model_validate(raw).model_dump(mode="json")
    except ValidationError as exc:
        log.drop("scenario", name, "scenarios", "; ".join(invalid(exc, ENV_FILE, "")))
        return
    scenario["domain"] = str(scenario["domain"]).strip().lower()
    mine = known(scenario["id"], scenario["title"], scenario["description"])
    reason = near_duplicate(mine, others) or balance.refusal(scenario["domain"])
    if reason is not None:
        log.drop("scenario", scenario["id"], "scenarios", reason)
        return
    balance.take(scenario["domain"])
    others.append(mine)
    accepted.append(scenario)


def _examples(seeds: list[dict[str, str]], batch: int) -> str:
    if not seeds:
        return "(none)"
    start = (batch * EXAMPLES_SHOWN) % len(seeds)
    shown = (seeds[start:] + seeds[:start])[:EXAMPLES_SHOWN]
    return "\n".join(f"- {s['name']}: {s['description']}" if s["description"] else f"- {s['name']}" for s in shown)
