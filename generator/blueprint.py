"""The records a blueprint is written in: families, domains, catalogs, modules and task kinds.

- A :class:`Family` is a kind of business (retail, lodging, clinics...): the modules every one of its
  environments has (``core``) and its domains.
- A :class:`Domain` is one business of a family: what it is, its name patterns, its words for the
  roles modules define (a clinic's "patient" where a shop has a "customer"), its :class:`Catalog`.
- A module (:class:`generator.module.Module`) is one record: which families it fits, which modules
  it needs, the entities it adds, the tools it adds and the task kinds it offers.

Environment ``i`` is a :class:`Variant`: a domain, a set of modules (the core plus optional ones that
fit), optional features inside modules, and a tool-naming style.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """A kind of thing a business sells or offers, with its usual price range in dollars."""

    name: str
    low: float
    high: float
    specs: tuple[str, ...] = ()
    """Qualifiers that make distinct offerings of it ("Silent", "Ergonomic")."""
    size: int = 0
    """A size where the business has one: a room's occupancy, a course's credits, a seat count."""


def item(name: str, low: float, high: float, *specs: str, size: int = 0) -> Item:
    return Item(name, low, high, specs, size)


@dataclass(frozen=True)
class Category:
    name: str
    items: tuple[Item, ...]
    brands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    categories: tuple[Category, ...]

    def category_of(self, base: str) -> str | None:
        for category in self.categories:
            if any(i.name == base for i in category.items):
                return category.name
        return None


@dataclass(frozen=True)
class Domain:
    key: str
    family: str
    about: str
    """Completes "This is ...": "an electronics store in {city} that also sells online"."""
    titles: tuple[str, ...]
    """Name patterns with {city}, {surname}, {adj}."""
    catalog: Catalog
    nouns: Mapping[str, str] = field(default_factory=dict)
    """Words for module roles: {"customer": "shopper", "order": "purchase"}; "person|people" for
    an irregular plural."""
    traits: frozenset[str] = frozenset()
    """Facts modules may ask about: "ships", "perishable", "walk_in"..."""
    core: tuple[str, ...] = ()
    """Modules this domain always has beyond its family's core."""

    @property
    def area(self) -> str:
        return self.family


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    core: tuple[str, ...]
    """Modules every environment of the family has, in build order."""
    domains: tuple[Domain, ...]


@dataclass(frozen=True)
class Style:
    """How a variant names its tools."""

    search: str
    get: str
    create: str
    update: str
    delete: str


STYLES = (
    Style("search", "get", "create", "update", "delete"),
    Style("find", "get", "add", "update", "remove"),
    Style("search", "view", "register", "edit", "delete"),
    Style("list", "show", "new", "change", "remove"),
)


@dataclass(frozen=True)
class Variant:
    domain: Domain
    number: int
    modules: tuple[str, ...]
    features: frozenset[str]
    style: Style
