"""Entities and their columns: a table of a world as typed data, and how each column renders.

A :class:`Column` knows its DDL (type, NOT NULL, CHECK, REFERENCES), how it is selected for a tool's
result (money is stored in cents, ``price_cents``, and shown in dollars, ``price``), how an argument
binds into SQL, and its JSON Schema as an argument and as a result. An :class:`Entity` is one table:
its noun, its columns after ``id``, the column people name a row by, and its seed rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from generator.naming import Noun
from generator.sql import lit

Kind = Literal[
    "text", "person", "email", "phone", "money", "int", "real", "date", "time", "enum", "ref", "bool", "code"
]
Scalar = str | int | float | None
Row = dict[str, Scalar]
JsonSchema = dict[str, Any]

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_PATTERN = r"^\+?[0-9 ()-]{7,20}$"


@dataclass(frozen=True)
class Column:
    name: str
    """The name arguments and results use (``price``); money is stored as ``price_cents``."""
    kind: Kind
    label: str
    required: bool = True
    unique: bool = False
    choices: tuple[str, ...] = ()
    ref: str = ""
    """For ``ref`` columns: the key of the referenced entity."""
    lo: int = 0
    hi: int = 0
    mutable: bool = True
    signed: bool = False
    """For money: may be negative (a credit)."""

    @property
    def column(self) -> str:
        return f"{self.name}_cents" if self.kind == "money" else self.name

    def ddl(self, ref_table: str = "") -> str:
        col, kind = self.column, self.kind
        sql = f"{col} {'INTEGER' if kind in ('int', 'bool', 'ref', 'money') else 'REAL' if kind == 'real' else 'TEXT'}"
        if self.required:
            sql += " NOT NULL"
        if self.unique:
            sql += " UNIQUE"
        check = self._check()
        if check:
            sql += f" CHECK ({check})"
        if kind == "ref":
            sql += f" REFERENCES {ref_table} (id)"
        return sql

    def _check(self) -> str:
        col = self.column
        checks = {
            "text": f"length({col}) >= 1",
            "person": f"length({col}) >= 2",
            "email": f"{col} LIKE '%_@_%._%'",
            "money": "" if self.signed else f"{col} >= 0",
            "int": f"{col} BETWEEN {self.lo} AND {self.hi}",
            "real": f"{col} BETWEEN {self.lo} AND {self.hi}",
            "date": f"date({col}) IS {col}",
            "time": f"length({col}) = 5",
            "enum": f"{col} IN ({', '.join(lit(c) for c in self.choices)})",
            "bool": f"{col} IN (0, 1)",
            "code": f"length({col}) >= 3",
        }
        return checks.get(self.kind, "")

    def select(self, alias: str) -> str:
        if self.kind == "money":
            return f"ROUND({alias}.{self.column} / 100.0, 2) AS {self.name}"
        return f"{alias}.{self.column}"

    def bind(self, param: str = "") -> str:
        """SQL for an argument's value as stored."""
        name = f":{param or self.name}"
        if self.kind == "money":
            return f"CAST(ROUND({name} * 100) AS INTEGER)"
        if self.kind == "email":
            return f"lower({name})"
        return name

    def input_schema(self, description: str = "") -> JsonSchema:
        spec: JsonSchema = {"description": description or self.label}
        kind = self.kind
        if kind == "ref":
            spec.update(type="integer", minimum=1)
        elif kind == "int":
            spec.update(type="integer", minimum=self.lo, maximum=self.hi)
        elif kind == "real":
            spec.update(type="number", minimum=self.lo, maximum=self.hi)
        elif kind == "money":
            spec.update(type="number", minimum=-1_000_000 if self.signed else 0, maximum=1_000_000)
        elif kind == "bool":
            spec["type"] = "boolean"
        elif kind == "enum":
            spec.update(type="string", enum=list(self.choices))
        elif kind == "date":
            spec.update(type="string", format="date", pattern=DATE_PATTERN)
        elif kind == "time":
            spec.update(type="string", pattern=TIME_PATTERN)
        elif kind == "email":
            spec.update(type="string", pattern=EMAIL_PATTERN, maxLength=120)
        elif kind == "phone":
            spec.update(type="string", pattern=PHONE_PATTERN)
        else:
            spec.update(type="string", minLength=2 if kind == "person" else 1, maxLength=400)
        return spec

    def output_type(self) -> JsonSchema:
        base = {"money": "number", "real": "number", "int": "integer", "ref": "integer", "bool": "integer"}
        kind = base.get(self.kind, "string")
        return {"type": kind if self.required else [kind, "null"]}


# --- column constructors: the vocabulary modules declare entities in ------------------------------


def text(name: str, label: str = "", *, required: bool = True, unique: bool = False, mutable: bool = True) -> Column:
    return Column(name, "text", label or name.replace("_", " "), required, unique, mutable=mutable)


def person(name: str = "full_name", label: str = "full name") -> Column:
    return Column(name, "person", label, mutable=False)


def email(name: str = "email", label: str = "email address", *, unique: bool = True) -> Column:
    return Column(name, "email", label, unique=unique)


def phone(name: str = "phone", label: str = "phone number", *, required: bool = False) -> Column:
    return Column(name, "phone", label, required)


def money(name: str, label: str, *, required: bool = True, mutable: bool = True, signed: bool = False) -> Column:
    return Column(name, "money", label, required, mutable=mutable, signed=signed)


def integer(name: str, label: str, lo: int, hi: int, *, required: bool = True, mutable: bool = True) -> Column:
    return Column(name, "int", label, required, lo=lo, hi=hi, mutable=mutable)


def real(name: str, label: str, lo: int, hi: int, *, required: bool = True) -> Column:
    return Column(name, "real", label, required, lo=lo, hi=hi)


def day(name: str, label: str, *, required: bool = True, mutable: bool = True) -> Column:
    return Column(name, "date", label, required, mutable=mutable)


def clock(name: str, label: str, *, required: bool = True) -> Column:
    return Column(name, "time", label, required)


def enum(name: str, label: str, choices: Sequence[str], *, required: bool = True, mutable: bool = True) -> Column:
    return Column(name, "enum", label, required, choices=tuple(choices), mutable=mutable)


def flag(name: str, label: str) -> Column:
    return Column(name, "bool", label)


def code(name: str, label: str, *, unique: bool = True) -> Column:
    return Column(name, "code", label, unique=unique, mutable=False)


def ref(target: Entity, name: str = "", label: str = "", *, required: bool = True, mutable: bool = False) -> Column:
    """A foreign key to ``target``, named like its id argument (``pet_owner_id``) unless told otherwise."""
    return Column(
        name or target.id_arg, "ref", label or f"the {target.label}'s id", required, ref=target.key, mutable=mutable
    )


@dataclass
class Entity:
    """One table: its noun, its columns after ``id``, the column a row is named by, its rows."""

    key: str
    noun: Noun
    columns: list[Column]
    display: str
    description: str
    table: str = ""
    rows: list[Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.table:
            self.table = self.noun.plural

    def col(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.table} has no column {name!r}")

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)

    @cached_property
    def id_arg(self) -> str:
        return f"{self.noun.snake}_id"

    @property
    def label(self) -> str:
        return self.noun.words

    @property
    def plural_label(self) -> str:
        return self.noun.plural_words

    def refs(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "ref"]

    def ref_to(self, target: str) -> Column:
        for column in self.columns:
            if column.kind == "ref" and column.ref == target:
                return column
        raise KeyError(f"{self.table} has no reference to {target!r}")

    def by_id(self, row_id: Scalar) -> Row:
        for row in self.rows:
            if row["id"] == row_id:
                return row
        raise KeyError(f"{self.table} has no row {row_id}")

    def where(self, **values: Scalar) -> list[Row]:
        return [r for r in self.rows if all(r.get(k) == v for k, v in values.items())]

    def next_id(self) -> int:
        return len(self.rows) + 1

    def add(self, **values: Scalar) -> Row:
        """Append a seed row (``id`` is the next one); money is given in cents under its stored name."""
        row: Row = {"id": self.next_id(), **values}
        self.rows.append(row)
        return row

    def name_of(self, row: Row) -> str:
        return str(row[self.display])

    def stored_columns(self) -> list[str]:
        return ["id", *(c.column for c in self.columns)]
