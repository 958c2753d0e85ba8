"""The data a domain blueprint is written in: its vocabulary, its typed extra fields, its workflow.

A domain is data, not code. Nouns offer alternatives (a variant picks one); extra fields are written
``"name:kind[:arg]"`` with kinds ``enum:a|b|c``, ``int:LO..HI``, ``money:LO..HI``, ``date``, ``bool``,
``code``, ``phone``, ``city``, ``person``, ``text:phrase one|phrase two``.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.blocks import Field, Kind

MODES = ("per_date", "stock", "total")
OPTIONAL_MODULES = ("payments", "reviews", "notes", "addresses", "locations", "staff", "cases", "accounts", "plans")


@dataclass(frozen=True)
class Domain:
    key: str
    area: str
    about: str
    """What the place is, completing 'This is ...': 'a veterinary clinic in {city}'."""
    titles: tuple[str, ...]
    """Name patterns with {city}, {surname}, {adj}, {color}."""
    party: tuple[str, ...]
    resource: tuple[str, ...]
    items: tuple[str, ...]
    """Base words for resource names ('Root Canal', 'Hiking Boots')."""
    categories: tuple[str, ...]
    txn: tuple[str, ...]
    verb: str
    """The verb that creates a transaction: book, order, enroll, rent, reserve, register..."""
    mode: str
    states: tuple[str, str, str, str]
    """Names of: newly made, in progress, finished, cancelled."""
    moves: tuple[str, str]
    """Verbs that move a transaction to in progress and to finished."""
    price: tuple[int, int] = (10, 500)
    capacity: tuple[int, int] = (2, 20)
    date_label: str = "date"
    qty: str = ""
    """What the quantity counts ('guests', 'units', 'seats'); empty: one per transaction."""
    party_extras: tuple[str, ...] = ()
    resource_extras: tuple[str, ...] = ()
    txn_extras: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    case: tuple[str, ...] = ()
    account: tuple[str, ...] = ()
    plan: tuple[str, ...] = ()
    plan_names: tuple[str, ...] = ("Basic", "Plus", "Premium")
    location: tuple[str, ...] = ("branch",)
    modules: tuple[str, ...] = ("payments", "reviews", "notes", "addresses", "locations")
    """Optional modules that make sense here (staff/cases/accounts/plans are on when their nouns are)."""
    editions: tuple[str, ...] = ()
    """Qualifiers that tell apart offerings built on the same item (default: words.EDITIONS)."""
    say: str = ""
    """How a user asks for a new transaction, with {party}, {res}, {many}, {when}; default
    '{Verb} {res}{many} for {party}{when}'."""

    def ask(self, party: str, res: str, many: str, when: str) -> str:
        pattern = self.say or f"{self.verb.capitalize()} {{res}}{{many}} for {{party}}{{when}}"
        return pattern.format(party=party, res=res, many=many, when=when).rstrip(",")

    def optional_modules(self) -> tuple[str, ...]:
        mods = list(self.modules)
        for name, nouns in (("staff", self.staff), ("cases", self.case), ("accounts", self.account)):
            if nouns and name not in mods:
                mods.append(name)
        if self.plan and "plans" not in mods:
            mods.append("plans")
        return tuple(m for m in OPTIONAL_MODULES if m in mods)


def parse_field(spec: str) -> Field:
    """``"species:enum:dog|cat"`` -> an optional Field (extras are never required on create)."""
    name, _, rest = spec.partition(":")
    kind, _, arg = rest.partition(":")
    label = name.replace("_", " ")
    if kind == "enum":
        return Field(name, "enum", label, required=False, choices=tuple(arg.split("|")))
    if kind in ("int", "money"):
        lo, _, hi = arg.partition("..")
        k: Kind = "int" if kind == "int" else "money"
        return Field(name, k, label + (" (in dollars)" if k == "money" else ""), required=False, lo=int(lo), hi=int(hi))
    if kind == "text":
        return Field(name, "text", label, required=False, words=tuple(arg.split("|")) if arg else ())
    if kind in ("date", "bool", "code", "phone", "city", "person"):
        return Field(name, kind, label, required=False)  # type: ignore[arg-type]
    raise ValueError(f"field spec {spec!r}: unknown kind {kind!r}")
