"""Token and cost accounting, per stage: what this run paid for, and what the cache gave back for free."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from generator.llm.cache import Answer
from worldfarm import ChatUsage

STAGE_ORDER = ("scenarios", "tasks", "schema", "seed", "tools", "solution")


@dataclass
class StageUsage:
    requests: int = 0
    """Requests answered by the endpoint in this run."""
    cached: int = 0
    """Requests answered from the cache (sent nowhere)."""
    failed: int = 0
    """Requests that failed after every retry."""
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    """What the cached answers cost when they were bought (not paid again)."""
    cached_completion_tokens: int = 0
    model_seconds: float = 0.0


@dataclass
class Ledger:
    price_in: float = 0.0
    """Dollars per million prompt tokens."""
    price_out: float = 0.0
    """Dollars per million completion tokens."""
    stages: dict[str, StageUsage] = field(default_factory=dict)

    def _stage(self, stage: str) -> StageUsage:
        return self.stages.setdefault(stage, StageUsage())

    def paid(self, stage: str, usage: ChatUsage) -> None:
        entry = self._stage(stage)
        entry.requests += 1
        entry.retries += usage.retries
        entry.prompt_tokens += usage.prompt_tokens
        entry.completion_tokens += usage.completion_tokens
        entry.model_seconds += usage.model_seconds

    def reused(self, stage: str, answer: Answer) -> None:
        entry = self._stage(stage)
        entry.cached += 1
        entry.cached_prompt_tokens += answer.prompt_tokens
        entry.cached_completion_tokens += answer.completion_tokens

    def failed(self, stage: str) -> None:
        self._stage(stage).failed += 1

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.price_in + completion_tokens * self.price_out) / 1_000_000

    def total(self) -> StageUsage:
        out = StageUsage()
        for entry in self.stages.values():
            for name, value in asdict(entry).items():
                setattr(out, name, getattr(out, name) + value)
        return out

    def to_json(self) -> dict[str, Any]:
        """Per stage and in total: requests, tokens, seconds and cost (paid in this run, and saved by the cache)."""
        order = sorted(self.stages, key=lambda s: (STAGE_ORDER.index(s) if s in STAGE_ORDER else len(STAGE_ORDER), s))
        rows = {**{name: self.stages[name] for name in order}, "total": self.total()}
        return {
            "price_in_per_million": self.price_in,
            "price_out_per_million": self.price_out,
            "stages": {name: self._row(entry) for name, entry in rows.items()},
        }

    def _row(self, entry: StageUsage) -> dict[str, Any]:
        row: dict[str, Any] = asdict(entry)
        row["model_seconds"] = round(entry.model_seconds, 2)
        row["cost_usd"] = round(self.cost(entry.prompt_tokens, entry.completion_tokens), 6)
        row["saved_usd"] = round(self.cost(entry.cached_prompt_tokens, entry.cached_completion_tokens), 6)
        return row
