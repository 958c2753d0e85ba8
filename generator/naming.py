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


_ARTICLE = re.compile(r"\b(a|A) (?=(?:[aeioAEIO]|hour|honest)\w*)")
_QUOTED = re.compile(r'("[^"]*")')


def articles(text: str) -> str:
    """'a appointment' -> 'an appointment' (vowel sounds only; 'a unit', 'a user' stay). Text in double
    quotes is left as it is (it quotes the data), and a capital A inside a sentence is a name ('Studio A')."""
    parts = _QUOTED.split(text)
    return "".join(part if part.startswith('"') else _ARTICLE.sub(_an, part) for part in parts)


def _an(match: re.Match[str]) -> str:
    before = match.string[: match.start()].rstrip()
    if match.group(1) == "A" and before and before[-1] not in ".!?:":
        return match.group(0)
    return match.group(1) + "n "


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
