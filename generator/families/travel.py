"""Travel: airlines and a travel agency that sells flights and hotel stays."""

from __future__ import annotations

from generator.blueprint import Domain, Family
from generator.data.catalogs import lodging as rooms

TRAVELLERS = {"customer": "traveller"}

TRAVEL = Family(
    key="travel",
    label="travel and airlines",
    core=("customers", "airline"),
    domains=(
        Domain(
            key="regional_airline",
            family="travel",
            about="a regional airline flying out of {city}",
            titles=("{adj} Air", "{city} Airways", "{surname} Regional Airlines"),
            catalog=rooms.CITY_HOTEL,
            nouns={"customer": "passenger account"},
        ),
        Domain(
            key="low_cost_carrier",
            family="travel",
            about="a low-cost airline flying out of {city}",
            titles=("Sky{adj} Airlines", "Jetsaver", "{adj}Wing Air"),
            catalog=rooms.CITY_HOTEL,
            nouns=TRAVELLERS,
        ),
        Domain(
            key="travel_agency",
            family="travel",
            about="a travel agency in {city} that books flights and hotels",
            titles=("{surname} Travel", "{city} Getaways", "{adj} Compass Travel"),
            catalog=rooms.RESORT,
            nouns=TRAVELLERS,
            core=("lodging",),
        ),
    ),
)
