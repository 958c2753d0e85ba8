"""Unique people of one world: names, personal emails, staff emails, phone numbers, street addresses.

Customers, patients and every other outside person get an address on a personal mail provider
(``maya.chen84@gmail.com``); staff get the business's own domain (``maya.chen@harborhotel.com``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from generator.data.people import FIRST_NAMES, LAST_NAMES, PERSONAL_MAIL
from generator.data.places import STREET_KINDS, STREETS


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    state: str
    postal_code: str


class People:
    """Draws distinct people for one world from its random stream."""

    def __init__(self, rng: random.Random, business_domain: str) -> None:
        self.rng = rng
        self.business_domain = business_domain
        self._names: set[str] = set()
        self._emails: set[str] = set()
        self._phone = rng.randrange(100, 800)

    def name(self) -> str:
        for _ in range(500):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if name not in self._names and first != last:
                self._names.add(name)
                return name
        raise RuntimeError("ran out of distinct person names")

    def personal_email(self, name: str) -> str:
        first, last = (part.lower() for part in name.split(" ", 1))
        provider = self.rng.choice(PERSONAL_MAIL)
        shapes = (f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}", f"{first}_{last}", f"{last}.{first}")
        base = self.rng.choice(shapes)
        if self.rng.random() < 0.4:
            base += str(self.rng.choice((self.rng.randrange(1, 99), self.rng.randrange(1960, 2006))))
        return self._unique(base, provider)

    def staff_email(self, name: str) -> str:
        first, last = (part.lower() for part in name.split(" ", 1))
        return self._unique(f"{first}.{last}", self.business_domain)

    def _unique(self, base: str, domain: str) -> str:
        email, n = f"{base}@{domain}", 2
        while email in self._emails:
            email, n = f"{base}{n}@{domain}", n + 1
        self._emails.add(email)
        return email

    def phone(self) -> str:
        self._phone += self.rng.randrange(1, 40)
        return f"+1-{self.rng.randrange(201, 989)}-555-{self._phone % 10000:04d}"

    def address(self, city: str, state: str) -> Address:
        number = self.rng.randrange(12, 4800)
        street = f"{number} {self.rng.choice(STREETS)} {self.rng.choice(STREET_KINDS)}"
        return Address(street, city, state, f"{self.rng.randrange(10000, 99950):05d}")
