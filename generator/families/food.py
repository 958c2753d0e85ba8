"""Food ordering: a delivery marketplace and restaurants that deliver."""

from __future__ import annotations

from generator.blueprint import Domain, Family
from generator.data.catalogs import food as c

FOOD = Family(
    key="food",
    label="food ordering",
    core=("customers", "food"),
    domains=(
        Domain(
            key="food_delivery_app",
            family="food",
            about="a food delivery service for restaurants around {city}",
            titles=("{city} Eats", "Dash{adj}", "{surname}'s Delivery"),
            catalog=c.MARKETPLACE,
            nouns={"customer": "diner"},
        ),
        Domain(
            key="pizzeria",
            family="food",
            about="a pizzeria in {city} with its own delivery",
            titles=("{surname}'s Pizzeria", "{city} Pizza Co", "{adj} Crust Pizza"),
            catalog=c.PIZZERIA,
        ),
        Domain(
            key="thai_kitchen",
            family="food",
            about="a Thai restaurant in {city} that delivers",
            titles=("{city} Thai Kitchen", "{adj} Orchid Thai", "{surname}'s Thai"),
            catalog=c.THAI_KITCHEN,
        ),
        Domain(
            key="taqueria",
            family="food",
            about="a taqueria in {city} with delivery and pickup",
            titles=("{city} Taqueria", "{adj} Cactus Tacos", "{surname}'s Cantina"),
            catalog=c.TAQUERIA,
        ),
    ),
)
