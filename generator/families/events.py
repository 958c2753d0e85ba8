"""Events and ticketing: concert promoters, theaters, sports clubs, conference organizers."""

from __future__ import annotations

from generator.blueprint import Domain, Family
from generator.data.catalogs import events as c

EVENTS = Family(
    key="events",
    label="events and ticketing",
    core=("customers", "events"),
    domains=(
        Domain(
            key="concert_promoter",
            family="events",
            about="a concert and festival promoter in {city}",
            titles=("{city} Live", "{adj} Stage Presents", "{surname} Concerts"),
            catalog=c.MUSIC,
            nouns={"customer": "fan"},
        ),
        Domain(
            key="theater_company",
            family="events",
            about="a theater in {city} with plays, musicals and comedy",
            titles=("{city} Playhouse", "The {adj} Theater", "{surname} Stage Company"),
            catalog=c.THEATER,
            nouns={"customer": "patron"},
        ),
        Domain(
            key="sports_club",
            family="events",
            about="a professional sports club in {city} selling match tickets",
            titles=("{city} FC Tickets", "{adj} Arena Sports", "{city} Hawks Box Office"),
            catalog=c.SPORTS,
            nouns={"customer": "fan"},
        ),
        Domain(
            key="conference_organizer",
            family="events",
            about="a conference and workshop organizer in {city}",
            titles=("{city} Conferences", "{adj} Summit Events", "{surname} Events"),
            catalog=c.CONFERENCES,
            nouns={"customer": "attendee account"},
        ),
    ),
)
