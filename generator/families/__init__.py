"""The families of businesses and their domains; environment ``i`` is domain ``i`` of the interleaved list."""

from __future__ import annotations

from itertools import zip_longest

from generator.blueprint import Domain, Family
from generator.families.banking import BANKING
from generator.families.education import EDUCATION
from generator.families.events import EVENTS
from generator.families.food import FOOD
from generator.families.government import GOVERNMENT
from generator.families.health import HEALTH
from generator.families.hr import HR
from generator.families.insurance import INSURANCE
from generator.families.lodging import LODGING
from generator.families.logistics import LOGISTICS
from generator.families.media import MEDIA
from generator.families.property import PROPERTY
from generator.families.retail import RETAIL
from generator.families.software import SOFTWARE
from generator.families.travel import TRAVEL

FAMILIES: tuple[Family, ...] = (
    RETAIL,
    LODGING,
    HEALTH,
    BANKING,
    EDUCATION,
    TRAVEL,
    FOOD,
    EVENTS,
    SOFTWARE,
    HR,
    PROPERTY,
    INSURANCE,
    GOVERNMENT,
    LOGISTICS,
    MEDIA,
)


def _interleave(families: tuple[Family, ...]) -> tuple[Domain, ...]:
    """One domain of each family in turn, so any prefix of the set spans every family."""
    rows = zip_longest(*(f.domains for f in families))
    return tuple(d for row in rows for d in row if d is not None)


DOMAINS: tuple[Domain, ...] = _interleave(FAMILIES)


def family_of(domain: Domain) -> Family:
    return next(f for f in FAMILIES if f.key == domain.family)
