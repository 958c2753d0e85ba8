"""Media and subscriptions: streaming services."""

from __future__ import annotations

from generator.blueprint import Domain, Family
from generator.data.catalogs import media as c

MEDIA = Family(
    key="media",
    label="media and subscriptions",
    core=("customers", "media"),
    domains=(
        Domain(
            key="streaming_service",
            family="media",
            about="a film and series streaming service based in {city}",
            titles=("{adj}Stream", "{city} Screen", "{surname} Flix"),
            catalog=c.STREAMING,
            nouns={"customer": "subscriber"},
        ),
        Domain(
            key="kids_streaming",
            family="media",
            about="a family streaming service based in {city}",
            titles=("{adj} Kids TV", "Little {city} Stream", "{surname} Family Play"),
            catalog=c.KIDS,
            nouns={"customer": "subscriber"},
        ),
        Domain(
            key="anime_streaming",
            family="media",
            about="an anime streaming service run from {city}",
            titles=("{adj} Anime", "Sakura Stream", "{surname} Animation Hub"),
            catalog=c.ANIME,
            nouns={"customer": "member"},
        ),
    ),
)
