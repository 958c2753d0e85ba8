"""Optional columns: what one business records about a customer, a product or a booking that another
does not. A variant carries a subset of each entity's optional columns (drawn from its own stream, so
adding a column never reshuffles anything else), and :func:`fill` gives the seed rows plausible values
for them once every module has built its rows.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

from generator import schema as s
from generator.calendar import shift
from generator.data.places import CITIES
from generator.schema import Column, Entity
from generator.world import World

OPTIONAL: dict[str, tuple[Column, ...]] = {
    "customer": (
        s.day("birth_date", "date of birth", required=False),
        s.enum("preferred_contact", "how they like to be contacted", ("email", "phone", "text")),
        s.flag("marketing_opt_in", "whether they accept marketing email"),
        s.text("city", "home city", required=False),
        s.text("language", "preferred language"),
    ),
    "product": (
        s.enum("color", "main color", ("black", "white", "gray", "blue", "green", "red")),
        s.integer("warranty_months", "warranty in months", 0, 60),
        s.text("origin_country", "country of origin"),
        s.integer("reorder_level", "stock level that triggers a reorder", 0, 500),
    ),
    "order": (
        s.enum("channel", "where it was placed", ("web", "phone", "store", "app")),
        s.text("gift_message", "gift message", required=False),
        s.flag("express", "express delivery"),
    ),
    "room": (
        s.enum("view", "what the window faces", ("street", "courtyard", "garden", "water")),
        s.flag("smoking", "smoking allowed"),
        s.flag("accessible", "wheelchair accessible"),
    ),
    "reservation": (
        s.enum("source", "how it was booked", ("direct", "phone", "travel agent", "website")),
        s.text("special_requests", "special requests", required=False),
    ),
    "room_type": (s.integer("size_sqm", "size in square meters", 8, 200), s.text("bed_setup", "beds")),
    "provider": (s.text("languages", "languages spoken"), s.code("office", "office number", unique=False)),
    "appointment": (s.enum("booked_via", "how it was booked", ("phone", "online", "front desk")),),
    "account": (
        s.text("nickname", "the owner's name for it", required=False),
        s.real("interest_rate", "annual interest rate (%)", 0, 25),
    ),
    "support_ticket": (s.enum("channel", "how it came in", ("email", "phone", "chat", "web form")),),
    "staff": (s.phone("phone", "work phone"), s.integer("extension", "desk extension", 100, 999)),
    "review": (s.flag("verified", "verified purchase or visit"), s.integer("helpful_votes", "helpful votes", 0, 500)),
    "supplier": (s.text("contact_name", "contact person"), s.text("payment_terms", "payment terms")),
    "service": (s.flag("bookable_online", "can be booked online"),),
    "category": (s.integer("sort_order", "position in menus", 1, 99),),
}

WORDS = {
    "language": ("English", "Spanish", "French", "Mandarin", "Arabic", "Portuguese"),
    "origin_country": ("USA", "Germany", "Japan", "Mexico", "Italy", "Vietnam", "Canada"),
    "gift_message": ("Happy birthday!", "Congratulations on the new home", "Thank you for everything"),
    "special_requests": ("Late arrival, around 22:00", "Extra pillows, please", "Quiet room away from the elevator"),
    "bed_setup": ("one king bed", "two queen beds", "one queen bed", "two single beds"),
    "languages": ("English", "English and Spanish", "English and French", "English and Mandarin"),
    "nickname": ("Rent money", "Holiday fund", "Bills", "Rainy day"),
    "contact_name": ("Dana Whitfield", "Marco Bell", "Priya Raman", "Tom Okafor"),
    "payment_terms": ("net 30", "net 15", "net 45", "due on receipt"),
    "city": tuple(c for c, _ in CITIES),
}


def add_optional(w: World, ent: Entity) -> None:
    """Give ``ent`` this variant's subset of its optional columns."""
    options = [c for c in OPTIONAL.get(ent.key, ()) if not ent.has(c.name)]
    draw = random.Random(f"{w.seed}:{ent.key}:columns")
    ent.columns.extend(dataclasses.replace(c, required=False) for c in options if draw.random() < 0.5)


def fill(w: World) -> None:
    """Values for every column a seed row does not have yet."""
    for ent in w.entities.values():
        draw = random.Random(f"{w.seed}:{ent.key}:values")
        for column in ent.columns:
            for row in ent.rows:
                if column.column not in row:
                    row[column.column] = value(w, column, draw)


def value(w: World, column: Column, draw: random.Random) -> object:
    if not column.required and column.kind not in ("enum", "bool", "int") and draw.random() < 0.3:
        return None
    kind = column.kind
    if kind == "enum":
        return draw.choice(column.choices)
    if kind == "bool":
        return int(draw.random() < 0.3)
    if kind in ("int", "real"):
        low, high = column.lo, column.hi
        return draw.randint(low, min(high, low + 60)) if kind == "int" else round(draw.uniform(low, min(high, 9)), 2)
    if kind == "date":
        return shift(w.today, -draw.randint(7000, 25000) if "birth" in column.name else -draw.randint(1, 900))
    if kind == "phone":
        return w.people.phone()
    if kind == "code":
        return f"{draw.choice('ABCDEFGH')}{draw.randint(100, 999)}"
    return draw.choice(WORDS.get(column.name, ("n/a",)))


def names(columns: Sequence[Column]) -> list[str]:
    return [c.name for c in columns]
