"""Who is asking: the person themself ("Hi, I'm Maya Chen...") or staff relaying them ("Maya Chen is
on the phone..."), so instructions read like the requests a business really gets.

Sentences use forms that agree with both voices ("would like", "asked"), never "wants"/"want".
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.schema import Row
from generator.world import World


@dataclass(frozen=True)
class Voice:
    intro: str
    my: str
    """Possessive: "my" or "their"."""
    me: str
    """Object: "me" or "them"."""
    i: str
    """Subject: "I" or "they"."""

    def say(self, text: str) -> str:
        return f"{self.intro} {text}"


def voice(w: World, person: Row, email_key: str = "email") -> Voice:
    name, email = person["name"], person.get(email_key)
    who = f"{name} ({email})" if email else str(name)
    if w.chance(0.5):
        intro = w.pick((f"Hi, this is {who}.", f"Hello, I'm {who}.", f"Hi there, {who} here."))
        return Voice(intro, "my", "me", "I")
    intro = w.pick(
        (f"{who} is on the phone.", f"{who} sent us an email.", f"{who} stopped by the desk.", f"Request from {who}:")
    )
    return Voice(intro, "their", "them", "they")
