"""Lodging: hotels, resorts, inns, lodges and hostels."""

from __future__ import annotations

from generator.blueprint import Domain, Family
from generator.data.catalogs import lodging as c

GUESTS = {"customer": "guest"}

LODGING = Family(
    key="lodging",
    label="lodging",
    core=("customers", "lodging"),
    domains=(
        Domain(
            key="city_hotel",
            family="lodging",
            about="a downtown hotel in {city} for business and leisure travellers",
            titles=("The {surname} Hotel {city}", "{city} Grand Hotel", "Hotel {adj} {city}"),
            catalog=c.CITY_HOTEL,
            nouns=GUESTS,
        ),
        Domain(
            key="beach_resort",
            family="lodging",
            about="a beach resort near {city} with rooms, villas and bungalows",
            titles=("{adj} Shore Resort", "{surname} Bay Resort", "Seabreeze Resort {city}"),
            catalog=c.RESORT,
            nouns=GUESTS,
        ),
        Domain(
            key="mountain_lodge",
            family="lodging",
            about="a mountain lodge outside {city} with rooms and cabins",
            titles=("{adj} Pines Lodge", "{surname} Creek Lodge", "High Country Lodge of {city}"),
            catalog=c.LODGE,
            nouns=GUESTS,
        ),
        Domain(
            key="bed_and_breakfast",
            family="lodging",
            about="a bed and breakfast inn in a restored house in {city}",
            titles=("{surname} House Inn", "The {adj} Door B&B", "{city} Garden Inn"),
            catalog=c.INN,
            nouns=GUESTS,
        ),
        Domain(
            key="hostel",
            family="lodging",
            about="a hostel in {city} with dorm beds and private rooms",
            titles=("{city} Backpackers", "{adj} Hostel {city}", "The Wandering {surname} Hostel"),
            catalog=c.HOSTEL,
            nouns=GUESTS,
        ),
    ),
)
