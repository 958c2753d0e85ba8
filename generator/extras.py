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
from generator.schema import Column, Entity, Scalar
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
    "branch": (
        s.text("manager", "branch manager"),
        s.flag("wheelchair_access", "step-free access"),
        s.integer("parking_spaces", "parking spaces", 0, 200),
    ),
    "message": (
        s.enum("channel", "how it was sent", ("email", "text", "app")),
        s.enum("priority", "priority", ("normal", "high")),
    ),
    "note": (s.flag("pinned", "pinned to the top"), s.enum("visibility", "who can see it", ("staff", "managers"))),
    "plan": (s.integer("trial_days", "free trial days", 0, 30), s.integer("max_members", "people included", 1, 10)),
    "subscription": (
        s.enum("billing", "how often it is billed", ("monthly", "yearly")),
        s.flag("auto_renew", "renews by itself"),
    ),
    "gift_card": (s.text("message", "gift message", required=False), s.day("expires_on", "expiry date")),
    "ticket_message": (s.flag("internal", "an internal note, not sent"),),
    "address": (
        s.text("instructions", "delivery instructions", required=False),
        s.flag("verified", "address verified"),
    ),
    "payment_method": (s.enum("funding", "card type", ("credit", "debit")), s.text("card_name", "their name for it")),
    "department": (s.text("floor", "floor"), s.integer("headcount_budget", "approved headcount", 1, 400)),
    "meeting": (
        s.enum("channel", "where it happens", ("in person", "video", "phone")),
        s.text("note", "note for the staff member", required=False),
    ),
    "meeting_topic": (s.integer("minutes", "usual length in minutes", 15, 60),),
    "asset": (s.text("serial", "serial number"), s.day("warranty_until", "warranty end")),
    "maintenance": (s.text("vendor", "who did the work"), s.integer("hours", "hours of labour", 0, 40)),
    "asset_loan": (s.text("purpose", "what it is for", required=False),),
    "bill": (s.text("po_number", "client's purchase order number", required=False), s.flag("emailed", "sent by email")),
    "bill_line": (s.text("unit", "unit", required=False),),
    "bill_payment": (s.text("reference", "payment reference"),),
    "coupon": (s.integer("max_uses", "how many times it can be used", 1, 500),),
    "loyalty_account": (s.enum("tier", "tier", ("silver", "gold", "platinum")),),
    "wishlist_item": (s.integer("desired_quantity", "how many they want", 1, 10),),
    "quote": (s.text("agent", "agent who quoted"),),
    "loan": (s.flag("autopay", "paid automatically"), s.text("purpose", "what the money is for")),
    "loan_product": (s.money("origination_fee", "one-time fee"),),
    "candidate": (s.text("source", "where they heard of the job"), s.phone("phone", "phone number")),
    "opening": (s.enum("workplace", "where the work is", ("on site", "hybrid", "remote")),),
    "interview": (s.enum("format", "format", ("video", "on site", "phone")),),
    "vehicle": (
        s.integer("model_year", "model year", 2010, 2026),
        s.integer("odometer_km", "odometer (km)", 0, 400000),
    ),
    "driver": (s.day("licence_expires", "licence expiry date"),),
    "run": (s.text("route_note", "route notes", required=False),),
    "dining_table": (s.flag("accessible", "wheelchair accessible"), s.flag("high_chair", "high chair available")),
    "table_booking": (s.text("occasion", "occasion", required=False), s.phone("phone", "contact number")),
    "playlist": (s.flag("public", "visible to other profiles"),),
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
    "manager": ("Dana Whitfield", "Marco Bell", "Priya Raman", "Tom Okafor", "Lena Fischer"),
    "message": ("Happy birthday!", "Enjoy your gift", "With love", "Congratulations!"),
    "instructions": ("Leave at the side door", "Ring twice", "Call on arrival", "Concierge desk"),
    "floor": ("1st floor", "2nd floor", "3rd floor", "Ground floor"),
    "note": ("Bring last statement", "Prefers afternoons", "Interpreter needed"),
    "serial": ("SN-4471-A", "SN-9012-C", "SN-1180-B", "SN-7735-D"),
    "vendor": ("In-house team", "Apex Service Co", "Metro Repairs", "Prime Maintenance"),
    "purpose": ("Client visit", "Training session", "Off-site event", "Home improvement", "Debt consolidation"),
    "card_name": ("Personal card", "Work card", "Travel card", "Backup card"),
    "po_number": ("PO-11802", "PO-20431", "PO-30977"),
    "unit": ("each", "hour", "pallet", "week"),
    "reference": ("TXN-88412", "TXN-30219", "TXN-57730", "TXN-91655"),
    "agent": ("Dana Whitfield", "Marco Bell", "Priya Raman", "Tom Okafor"),
    "source": ("job board", "referral", "company website", "career fair"),
    "route_note": ("Avoid downtown before 10:00", "Loading dock at the rear"),
    "occasion": ("Birthday", "Anniversary", "Business dinner"),
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


def value(w: World, column: Column, draw: random.Random) -> Scalar:
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
        if column.name.startswith(("expires", "warranty", "licence")) or column.name.endswith("until"):
            return shift(w.today, draw.randint(30, 900))
        return shift(w.today, -draw.randint(7000, 25000) if "birth" in column.name else -draw.randint(1, 900))
    if kind == "phone":
        return w.people.phone()
    if kind == "code":
        return f"{draw.choice('ABCDEFGH')}{draw.randint(100, 999)}"
    return draw.choice(WORDS.get(column.name, ("n/a",)))


def names(columns: Sequence[Column]) -> list[str]:
    return [c.name for c in columns]
