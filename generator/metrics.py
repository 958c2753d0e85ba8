"""The shape of an environment, as the generation report measures it.

- a tool's *program signature*: its steps' SQL with identifiers, literals and parameter names
  masked (``SELECT t.x FROM x t WHERE t.x = :p``), hashed: two tools with the same signature do the
  same thing to differently named data;
- a *schema skeleton*: the foreign-key graph with table names masked, as a Weisfeiler-Lehman hash
  (directed edges, every table a node), so two environments share a skeleton when their entity graphs
  have the same shape;
- a task's *kind* (its id without the number) and its reference solution's length.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.candidate import TaskCandidate
from worldfarm import Environment, Task, Tool

KEYWORDS = frozenset(
    [
        "select",
        "from",
        "where",
        "and",
        "or",
        "not",
        "null",
        "is",
        "in",
        "exists",
        "insert",
        "into",
        "values",
        "update",
        "set",
        "delete",
        "order",
        "by",
        "asc",
        "desc",
        "limit",
        "case",
        "when",
        "then",
        "else",
        "end",
        "as",
        "on",
        "join",
        "left",
        "inner",
        "group",
        "having",
        "count",
        "sum",
        "min",
        "max",
        "coalesce",
        "round",
        "cast",
        "integer",
        "text",
        "like",
        "distinct",
        "union",
        "all",
        "except",
        "lower",
        "upper",
        "date",
        "json_each",
        "json_extract",
        "value",
        "between",
        "abs",
        "ifnull",
        "iif",
        "length",
        "substr",
        "replace",
        "total",
        "avg",
        "nullif",
        "printf",
        "glob",
    ]
)
WL_ROUNDS = 3


def mask_sql(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r":[A-Za-z_][A-Za-z0-9_]*", ":p", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(
        r"\b[A-Za-z_][A-Za-z0-9_]*\b", lambda m: m.group(0).lower() if m.group(0).lower() in KEYWORDS else "x", sql
    )
    return re.sub(r"\s+", " ", sql).strip()


def program_signature(tool: Tool) -> str:
    text = " | ".join(f"{step.kind}:{mask_sql(step.sql)}" for step in tool.program)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def foreign_keys(env: Environment) -> list[tuple[str, str]]:
    """(table, referenced table) for every foreign key."""
    return [(t.name, ref) for t in env.schema_.tables for ref in re.findall(r"REFERENCES\s+(\w+)", t.sql)]


def skeleton(env: Environment) -> str:
    """A hash of the foreign-key graph with names masked (Weisfeiler-Lehman, directed)."""
    edges = foreign_keys(env)
    labels = {t.name: "" for t in env.schema_.tables}
    for _ in range(WL_ROUNDS):
        labels = {
            name: _digest(
                labels[name]
                + "|o:"
                + ",".join(sorted(labels[b] for a, b in edges if a == name))
                + "|i:"
                + ",".join(sorted(labels[a] for a, b in edges if b == name))
            )
            for name in labels
        }
    return _digest(",".join(sorted(labels.values())))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def kind_of(task: Task) -> str:
    return task.id.split("-", 1)[1] if re.match(r"^t\d+-", task.id) else task.id


@dataclass
class Shape:
    tables: int
    foreign_keys: int
    tools: int
    programs: list[str]
    skeleton: str
    kinds: list[str]
    solution_lengths: list[int]
    branches: list[tuple[str, str]] = field(default_factory=list)
    """(kind, "then" or "else") for each conditional task."""
    refusals: int = 0
    repeated_requests: int = 0
    """Requests (one kind on one subject, in its words) that more than one task makes."""


def shape_of(env: Environment, tasks: list[Task], candidates: Mapping[str, TaskCandidate]) -> Shape:
    """``candidates``: the generator's candidates by instruction (their branch and refusal are not public)."""
    found = [candidates.get(t.instruction) for t in tasks]
    return Shape(
        tables=len(env.schema_.tables),
        foreign_keys=len(foreign_keys(env)),
        tools=len(env.tools),
        programs=[program_signature(t) for t in env.tools],
        skeleton=skeleton(env),
        kinds=[kind_of(t) for t in tasks],
        solution_lengths=[len(t.solution) for t in tasks],
        branches=[(c.condition, c.branch) for c in found if c is not None and c.branch],
        refusals=sum(1 for c in found if c is not None and c.refusal),
        repeated_requests=sum(n > 1 for n in Counter(r for c in found if c is not None for r in c.requests).values()),
    )
