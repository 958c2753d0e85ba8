"""Building blocks of a world: typed fields and entities, and how each renders as SQL and JSON Schema.

A :class:`Field` knows its column DDL (with CHECK constraints), how it is selected for a tool's result
(money is stored in cents and shown in currency units), how an argument binds into SQL, its input and
output JSON Schema, and how to draw a plausible seed value. An :class:`Entity` is a table: fields,
its display field, which tools it gets, and its seed rows (keyed by column name).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

from generator import words
from generator.calendar import shift

Kind = Literal["text", "person", "email", "phone", "money", "int", "date", "enum", "ref", "code", "bool", "city"]
Row = dict[str, Any]

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_PATTERN = r"^\+?[0-9 ()-]{7,20}$"


def lit(value: Any) -> str:
    """A SQL literal for a value computed at build time (verifiers are static SQL)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def dollars(cents: int) -> float:
    return round(cents / 100.0, 2)


def money_text(cents: int) -> str:
    return f"{cents / 100:.2f}"


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    label: str
    required: bool = True
    unique: bool = False
    choices: tuple[str, ...] = ()
    ref: str = ""
    """For ``ref`` fields: the referenced table."""
    lo: int = 0
    hi: int = 0
    mutable: bool = True
    words: tuple[str, ...] = ()
    """For ``text`` fields: phrases to draw values from."""

    @property
    def column(self) -> str:
        return f"{self.name}_cents" if self.kind == "money" else self.name

    def ddl(self) -> str:
        col, null = self.column, " NOT NULL" if self.required else ""
        kind = self.kind
        sql = f"{col} INTEGER{null}" if kind in ("int", "bool", "ref", "money") else f"{col} TEXT{null}"
        if self.unique:
            sql += " UNIQUE"
        checks = {
            "text": f"length({col}) >= 1",
            "person": f"length({col}) >= 2",
            "email": f"{col} LIKE '%_@_%._%'",
            "money": f"{col} >= 0",
            "int": f"{col} BETWEEN {self.lo} AND {self.hi}",
            "date": f"date({col}) IS {col}",
            "enum": f"{col} IN ({', '.join(lit(c) for c in self.choices)})",
            "bool": f"{col} IN (0, 1)",
            "code": f"length({col}) >= 3",
        }
        if kind in checks:
            sql += f" CHECK ({checks[kind]})"
        if kind == "ref":
            sql += f" REFERENCES {self.ref} (id)"
        return sql

    def select(self, alias: str) -> str:
        if self.kind == "money":
            return f"ROUND({alias}.{self.column} / 100.0, 2) AS {self.name}"
        return f"{alias}.{self.column}"

    def bind(self, param: str | None = None) -> str:
        """SQL for an argument's value as stored."""
        name = f":{param or self.name}"
        if self.kind == "money":
            return f"CAST(ROUND({name} * 100) AS INTEGER)"
        if self.kind == "email":
            return f"lower({name})"
        return name

    def input_schema(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"description": self.label}
        kind = self.kind
        if kind in ("ref", "int"):
            spec["type"] = "integer"
            spec.update({"minimum": 1} if kind == "ref" else {"minimum": self.lo, "maximum": self.hi})
        elif kind == "money":
            spec.update(type="number", minimum=0, maximum=max(self.hi, 1) * 20)
        elif kind == "bool":
            spec["type"] = "boolean"
        elif kind == "enum":
            spec.update(type="string", enum=list(self.choices))
        elif kind == "date":
            spec.update(type="string", format="date", pattern=DATE_PATTERN)
        elif kind == "email":
            spec.update(type="string", pattern=EMAIL_PATTERN, maxLength=120)
        elif kind == "phone":
            spec.update(type="string", pattern=PHONE_PATTERN)
        else:
            spec.update(type="string", minLength=2 if kind == "person" else 1, maxLength=200)
        return spec

    def output_type(self) -> dict[str, Any]:
        base = {"money": "number", "int": "integer", "ref": "integer", "bool": "integer"}.get(self.kind, "string")
        return {"type": base if self.required else [base, "null"]}


@dataclass
class Entity:
    """One table: its fields (after ``id``), how people name it, which CRUD tools it gets, its rows."""

    table: str
    singular: str
    label: str
    plural_label: str
    fields: list[Field]
    display: str
    ops: tuple[str, ...] = ("search", "get")
    description: str = ""
    volatile: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    refs_display: dict[str, tuple[str, str]] = field(default_factory=dict)
    """ref field -> (referenced table, its display column), filled in by the world."""

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def has(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    @property
    def id_arg(self) -> str:
        return f"{self.singular}_id"

    def ddl(self, extra: tuple[str, ...] = ()) -> str:
        lines = ["id INTEGER PRIMARY KEY AUTOINCREMENT", *(f.ddl() for f in self.fields), *extra]
        return f"CREATE TABLE {self.table} (\n  " + ",\n  ".join(lines) + "\n)"

    def indexes(self) -> list[str]:
        return [
            f"CREATE INDEX {self.table}_{f.column} ON {self.table} ({f.column})"
            for f in self.fields
            if f.kind in ("ref", "date") or f.name == "status"
        ]

    def select_list(self, alias: str = "t") -> str:
        parts = [f"{alias}.id", *(f.select(alias) for f in self.fields)]
        for f in self.fields:
            if f.kind == "ref" and f.name in self.refs_display:
                table, display = self.refs_display[f.name]
                out = f.name.removesuffix("_id") + f"_{display}"
                parts.append(f"(SELECT r.{display} FROM {table} r WHERE r.id = {alias}.{f.column}) AS {out}")
        return ", ".join(parts)

    def row_schema(self) -> dict[str, Any]:
        props: dict[str, Any] = {"id": {"type": "integer"}}
        for f in self.fields:
            props[f.name] = f.output_type()
            if f.kind == "ref" and f.name in self.refs_display:
                nullable = {"type": ["string", "null"]}
                props[f.name.removesuffix("_id") + f"_{self.refs_display[f.name][1]}"] = nullable
        return {"type": "object", "properties": props, "required": ["id"], "additionalProperties": False}

    def by_id(self, row_id: int) -> Row:
        return next(r for r in self.rows if r["id"] == row_id)


# --- seed values ---------------------------------------------------------------------------------


class Names:
    """Unique people, emails and phone numbers for one world."""

    def __init__(self, rng: random.Random, mail_domain: str) -> None:
        self.rng = rng
        self.mail_domain = mail_domain
        self.used_names: set[str] = set()
        self.used_emails: set[str] = set()
        self.phone = rng.randrange(100, 800)

    def person(self) -> str:
        for _ in range(200):
            name = f"{self.rng.choice(words.FIRST_NAMES)} {self.rng.choice(words.LAST_NAMES)}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("ran out of distinct person names")

    def email(self, name: str) -> str:
        base = name.lower().replace(" ", ".").replace("'", "")
        email, n = f"{base}@{self.mail_domain}", 2
        while email in self.used_emails:
            email, n = f"{base}{n}@{self.mail_domain}", n + 1
        self.used_emails.add(email)
        return email

    def phone_number(self) -> str:
        self.phone += self.rng.randrange(1, 40)
        return f"+1-{self.rng.randrange(201, 989)}-555-{self.phone % 10000:04d}"


def draw(f: Field, rng: random.Random, names: Names, today: str) -> Any:
    """A plausible value for a field that has no special meaning in its world."""

    kind = f.kind
    if kind == "enum":
        return rng.choice(f.choices)
    if kind == "int":
        return rng.randint(f.lo, f.hi)
    if kind == "money":
        return rng.randint(f.lo * 100, f.hi * 100) // 50 * 50
    if kind == "bool":
        return rng.randint(0, 1)
    if kind == "date":
        return shift(today, -rng.randint(30, 3000))
    if kind == "phone":
        return names.phone_number()
    if kind == "city":
        return rng.choice(words.CITIES)[0]
    if kind == "person":
        return names.person()
    if kind == "code":
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        return f"{rng.choice(letters)}{rng.choice(letters)}-{rng.randrange(1000, 9999)}"
    if kind == "text":
        return rng.choice(f.words or words.NOTE_PHRASES)
    raise ValueError(f"no generic value for {kind} field {f.name}")
