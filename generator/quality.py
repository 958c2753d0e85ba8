"""Data-quality checks over a built world: what a careful reader would object to, found by code.

- money: how many amounts are whole or half dollars (shops price at .99, .49, odd cents);
- emails: customers write from personal providers, staff from the business's own domain;
- categories: every product sits in the category its catalog item belongs to;
- reviews: the text agrees with the stars (praise at four and five, complaints at one and two);
- wording: a/an before the next word's sound, "1 items", doubled words, unfilled placeholders, raw
  codes (``handed_over``) and other slips in instructions, descriptions and seed text.

Each check returns the problems it finds, as sentences; :func:`check_world` runs them all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.data.people import PERSONAL_MAIL
from generator.naming import vowel_sound
from generator.world import World

POSITIVE = (
    "excellent",
    "love it",
    "highly recommend",
    "perfect",
    "fantastic",
    "wonderful",
    "delicious",
    "amazing",
    "brilliant",
    "worth every penny",
    "beautifully",
)
NEGATIVE = (
    "broken",
    "poor",
    "terrible",
    "awful",
    "avoid",
    "waste",
    "rude",
    "dirty",
    "disappointing",
    "disappointed",
    "do not buy",
    "never again",
    "not great",
    "not good",
    "did not work",
)


@dataclass
class Quality:
    money_values: int = 0
    half_dollars: int = 0
    emails: int = 0
    personal_emails: int = 0
    problems: list[str] = field(default_factory=list)


def check_world(w: World) -> Quality:
    out = Quality()
    _money(w, out)
    _emails(w, out)
    out.problems += categories(w) + reviews(w) + wording(w)
    return out


def _money(w: World, out: Quality) -> None:
    for ent in w.entities.values():
        for column in ent.columns:
            if column.kind != "money":
                continue
            values = [r[column.column] for r in ent.rows if isinstance(r[column.column], int)]
            values = [v for v in values if v]
            out.money_values += len(values)
            out.half_dollars += sum(1 for v in values if isinstance(v, int) and abs(v) % 50 == 0)


def _emails(w: World, out: Quality) -> None:
    if w.on("customers") and w.e("customer").has("email"):
        mails = [str(r["email"]) for r in w.e("customer").rows]
        out.emails += len(mails)
        out.personal_emails += sum(1 for m in mails if m.rsplit("@", 1)[-1] in PERSONAL_MAIL)
        out.problems += [
            f"customer email {m} is not on a personal provider"
            for m in mails
            if m.rsplit("@", 1)[-1] not in PERSONAL_MAIL
        ][:3]
    if w.has("staff"):
        out.problems += [
            f"staff email {r['email']} is not on {w.business_domain}"
            for r in w.e("staff").rows
            if not str(r["email"]).endswith("@" + w.business_domain)
        ][:3]


def categories(w: World) -> list[str]:
    """Products whose catalog item belongs to another category than the one they are filed under."""
    if not (w.has("product") and w.has("category")):
        return []
    product, category = w.e("product"), w.e("category")
    bases = [(i.name, c.name) for c in w.domain.catalog.categories for i in c.items]
    problems = []
    for row in product.rows:
        name = str(row["name"])
        matches = sorted((b for b in bases if name.endswith(b[0])), key=lambda b: -len(b[0]))
        filed = category.by_id(row[category.id_arg])["name"]
        if not matches:
            problems.append(f"product {name!r} matches no catalog item")
        elif matches[0][1] != filed:
            problems.append(f"product {name!r} is filed under {filed!r}, but it is a {matches[0][1]} item")
    return problems


def sentiment(text: str) -> int:
    """+1 praise, -1 complaint, 0 neither or both (from fixed word lists)."""
    low = text.lower()
    negative = any(word in low for word in NEGATIVE)
    cleaned = re.sub(r"not (great|good)", "", low)
    positive = any(word in cleaned for word in POSITIVE)
    return (1 if positive else 0) - (1 if negative else 0)


def reviews(w: World) -> list[str]:
    if not w.has("review"):
        return []
    problems = []
    for row in w.e("review").rows:
        stars, mood = int(row["stars"] or 0), sentiment(f"{row['title']}. {row['body']}")
        if (stars >= 4 and mood < 0) or (stars <= 2 and mood > 0) or (stars == 3 and _strong(row)):
            problems.append(f"a {stars}-star review says {row['title']!r}: {row['body']!r}")
    return problems


def _strong(row: Mapping[str, object]) -> bool:
    low = f"{row['title']} {row['body']}".lower()
    return any(w in low for w in ("excellent", "terrible", "awful", "perfect"))


_WORD = r"[A-Za-z][\w'-]*"


def slips(text: str) -> list[str]:
    """Slips in one piece of English text."""
    found = []
    for article, word in re.findall(rf"\b(a|an|A|An) ({_WORD})", text):
        if (article.lower() == "an") != vowel_sound(word):
            found.append(f"'{article} {word}'")
    found += [
        f"'{m}'" for m in re.findall(r"\b1 (?:items|units|orders|nights|guests|points|days|tickets|seats)\b", text)
    ]
    found += [
        f"'{a} {a}'"
        for a, b in re.findall(r"\b(\w+) (?=(\w+)\b)", text)
        if a.lower() == b.lower() and a.isalpha() and a.lower() not in ("that", "had")
    ]
    if re.search(r"\{[a-z_]+\}", text):
        found.append("an unfilled placeholder")
    if re.search(r" ,|\.\.(?!\.)|  ", text):
        found.append("stray spacing or punctuation")
    return found


def wording(w: World) -> list[str]:
    """Slips in the instructions, the description, the tools' descriptions and the seed text."""
    problems = []
    texts = [("description", w.description())] + [(f"tool {t.name}", t.description) for t in w.tools]
    texts += [(f"task {c.kind}", c.instruction) for c in w.tasks]
    for ent in w.entities.values():
        for column in ent.columns:
            if column.kind == "text":
                texts += [(f"{ent.table}.{column.name}", str(r[column.column])) for r in ent.rows if r[column.column]][
                    :40
                ]
    for where, text in texts:
        problems += [f"{where}: {s} in {text[:80]!r}" for s in slips(text)]
    for c in w.tasks:
        codes = re.findall(r"\b[a-z]+_[a-z_]+\b", re.sub(r"\S+@\S+", "", c.instruction))
        problems += [f"task {c.kind}: raw code {code!r}" for code in codes][:1]
    return problems
