"""Nouns and names: how a word becomes a table, a tool argument and words in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Noun:
    """A noun as people say it (``words``) and as code spells it (``snake``), singular and plural."""

    words: str
    plural_words: str

    @classmethod
    def parse(cls, text: str) -> Noun:
        """``"pet owner"`` or, for an irregular plural, ``"person|people"``."""
        singular, _, plural = text.partition("|")
        return cls(singular, plural or pluralize(singular))

    @property
    def snake(self) -> str:
        return snake(self.words)

    @property
    def plural(self) -> str:
        return snake(self.plural_words)

    @property
    def title(self) -> str:
        return self.words[:1].upper() + self.words[1:]

    def a(self) -> str:
        return ("an " if self.words[0] in "aeiou" else "a ") + self.words


_ARTICLE = re.compile(r"\b([Aa]) (?=([A-Za-z][\w-]*))")
_YOU = re.compile(r"^(?:un[iy]|us[eub]|ut[ie]|ur[aeo]|uk|eu|one\b|once)", re.IGNORECASE)


def vowel_sound(word: str) -> bool:
    """Whether ``word`` starts with a vowel sound ("urgent", "hour") rather than a consonant ("unit", "one")."""
    low = word.lower()
    if low.startswith(("hour", "honest", "honor")):
        return True
    return low[:1] in "aeiou" and not _YOU.match(low)


def articles(text: str) -> str:
    """'a appointment' -> 'an appointment', 'a urgent' -> 'an urgent' ('a unit', 'a user' stay)."""
    return _ARTICLE.sub(lambda m: m.group(1) + ("n " if vowel_sound(m.group(2)) else " "), text)


def pluralize(word: str) -> str:
    head, _, last = word.rpartition(" ")
    if re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def slug(text: str) -> str:
    return snake(text).replace("_", "-")


def series(items: list[str]) -> str:
    """Items as a sentence lists them: "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def indefinite(word: str) -> str:
    """``word`` with its indefinite article: "an urgent", "a high"."""
    return articles(f"a {word}")
