"""Questions any world can answer with its search tools: how many match a filter, which is the highest
or lowest by a column, what one record's field is. They fill an environment's tasks only when its own
modules' kinds run short (they rank last), so every world keeps at least its ten tasks."""

from __future__ import annotations

import re

from generator.candidate import TaskCandidate, call
from generator.module import TaskKind
from generator.modules.common import shuffled, unique_by
from generator.prices import plain
from generator.schema import Column, Entity, Row
from generator.tools.specs import SearchSpec
from generator.world import World

FALLBACK = -20


def _label(column: Column) -> str:
    return re.sub(r"\s*\(.*?\)", "", column.label)


CLAUSE_WORDS = frozenset(
    {"how", "what", "when", "where", "who", "whom", "which", "whether", "why", "they", "we", "you", "it"}
)
"""Words that make a column's label a clause ("how urgent", "date they joined", "most it can carry"), not a
noun phrase that reads after "What is the" or "the highest"."""
IDENTIFYING = frozenset({"extension"})
"""Number columns that name something rather than measure it: no "highest desk extension"."""


def _noun_phrase(column: Column) -> bool:
    return not CLAUSE_WORDS.intersection(_label(column).lower().split())


def _shown(column: Column, row: Row) -> str:
    value = row[column.column]
    return plain(int(value)) if column.kind == "money" and isinstance(value, int) else str(value)


def _searches(w: World) -> list[tuple[SearchSpec, Entity]]:
    return [(spec, w.e(key)) for key, spec in w.searches.items() if not spec.scope and len(w.e(key).rows) >= 4]


def _count(w: World) -> TaskCandidate | None:
    for spec, ent in shuffled(w, _searches(w)):
        enums = [f for f in spec.filters if ent.col(f).kind == "enum"]
        for name in shuffled(w, enums):
            column = ent.col(name)
            counts = {v: sum(1 for r in ent.rows if r[column.column] == v) for v in column.choices}
            fitting = [v for v, c in counts.items() if 1 <= c <= 60]
            if len(fitting) < 2:
                continue
            value = w.pick(fitting)
            others = sorted({str(c) for v, c in counts.items() if v != value} - {str(counts[value])})
            text = f'How many {ent.plural_label} have the {_label(column)} "{value}" right now?'
            calls = [call(spec.tool, **{name: value, "limit": 100})]
            return TaskCandidate(
                kind="count-by-status",
                instruction=text,
                calls=calls,
                answer=[str(counts[value])],
                competing=[*others, str(len(ent.rows))]
                if str(len(ent.rows)) not in others and len(ent.rows) != counts[value]
                else others,
                difficulty="easy",
                tags=["lookup", "aggregate"],
                priority=FALLBACK,
            )
    return None


def _extreme(w: World) -> TaskCandidate | None:
    for spec, ent in shuffled(w, _searches(w)):
        sortable = [
            s
            for s in spec.sorts
            if s != "id"
            and s not in IDENTIFYING
            and ent.col(s).kind in ("money", "int", "real")
            and _noun_phrase(ent.col(s))
        ]
        if not sortable or ent.display == "id":
            continue
        column = ent.col(w.pick(sortable))
        ranked = sorted(ent.rows, key=lambda r: (r[column.column] is None, r[column.column]), reverse=w.chance(0.5))
        ranked = [r for r in ranked if r[column.column] is not None]
        if len(ranked) < 3 or ranked[0][column.column] == ranked[1][column.column]:
            continue
        high = float(ranked[0][column.column] or 0) >= float(ranked[-1][column.column] or 0)
        top = ranked[0]
        word = "highest" if high else "lowest"
        text = f"Which {ent.label} has the {word} {_label(column)}, and what is it?"
        calls = [call(spec.tool, sort_by=column.name, sort_order="desc" if high else "asc", limit=5)]
        competing = [ent.name_of(r) for r in ranked[1:4]] + [_shown(column, r) for r in ranked[1:4]]
        return TaskCandidate(
            kind="highest-or-lowest",
            instruction=text,
            calls=calls,
            answer=[ent.name_of(top), _shown(column, top)],
            competing=[c for c in competing if c not in (ent.name_of(top), _shown(column, top))],
            difficulty="easy",
            tags=["lookup", "filter-sort"],
            priority=FALLBACK,
        )
    return None


def _field(w: World) -> TaskCandidate | None:
    for spec, ent in shuffled(w, _searches(w)):
        if not spec.text or ent.display == "id":
            continue
        named = unique_by(ent.rows, ent.col(ent.display).column)
        fields = [
            c
            for c in ent.columns
            if c.kind in ("money", "int", "date", "enum", "phone", "email")
            and c.name != ent.display
            and _noun_phrase(c)
        ]
        if not named or not fields:
            continue
        column, row = w.pick(fields), w.pick(named)
        if row[column.column] is None:
            continue
        answer = _shown(column, row)
        others = sorted({_shown(column, r) for r in ent.rows if r[column.column] is not None} - {answer})
        if not others:
            continue
        text = f'What is the {_label(column)} of the {ent.label} "{ent.name_of(row)}"?'
        calls = [call(spec.tool, query=ent.name_of(row))]
        return TaskCandidate(
            kind="record-detail",
            instruction=text,
            calls=calls,
            answer=[answer],
            competing=others[:6],
            difficulty="easy",
            tags=["lookup"],
            priority=FALLBACK,
        )
    return None


GENERIC = (
    TaskKind("highest-or-lowest", _extreme),
    TaskKind("record-detail", _field),
)
