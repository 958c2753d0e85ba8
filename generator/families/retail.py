"""Retail: shops that sell goods from a catalog, in store and online."""

from __future__ import annotations

from generator.blueprint import Domain, Family
from generator.data.catalogs import retail as c

SHOP = frozenset({"ships", "stock"})

RETAIL = Family(
    key="retail",
    label="retail and marketplaces",
    core=("customers", "catalog", "orders"),
    domains=(
        Domain(
            key="electronics_store",
            family="retail",
            about="an electronics and computer accessories store in {city} that also sells online",
            titles=("{city} Electronics", "{surname} Tech Supply", "Circuit & Co of {city}", "{adj} Byte Electronics"),
            catalog=c.ELECTRONICS,
            nouns={"customer": "customer", "product": "product"},
            traits=SHOP,
        ),
        Domain(
            key="outdoor_gear_shop",
            family="retail",
            about="an outdoor gear shop in {city} with a busy web store",
            titles=("{city} Outfitters", "{surname} Outdoor Supply", "Trailhead Gear of {city}"),
            catalog=c.OUTDOOR,
            nouns={"customer": "customer", "product": "item"},
            traits=SHOP,
        ),
        Domain(
            key="pet_supply_store",
            family="retail",
            about="a pet supply store in {city} that delivers across town",
            titles=("{city} Pet Pantry", "Happy Paws {city}", "{surname}'s Feed & Pet"),
            catalog=c.PETS,
            nouns={"customer": "pet owner", "product": "product"},
            traits=SHOP,
        ),
        Domain(
            key="home_goods_store",
            family="retail",
            about="a home goods store in {city} selling kitchen, bedding and lighting online",
            titles=("{surname} Home", "{city} Home & Hearth", "The {adj} Nest"),
            catalog=c.HOME,
            nouns={"customer": "customer", "product": "product"},
            traits=SHOP,
        ),
        Domain(
            key="beauty_shop",
            family="retail",
            about="a beauty and skincare shop in {city} with online ordering",
            titles=("{city} Beauty Bar", "{surname} Apothecary", "Glow of {city}"),
            catalog=c.BEAUTY,
            nouns={"customer": "client", "product": "product"},
            traits=SHOP,
        ),
        Domain(
            key="sporting_goods_store",
            family="retail",
            about="a sporting goods store in {city} that ships orders statewide",
            titles=("{city} Sports", "{surname} Athletic Supply", "Game Day Sports of {city}"),
            catalog=c.SPORTS,
            nouns={"customer": "customer", "product": "product"},
            traits=SHOP,
        ),
    ),
)
