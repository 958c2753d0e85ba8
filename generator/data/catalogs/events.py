"""What venues put on: kinds of event and their usual ticket prices."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, item

MUSIC = Catalog(
    (
        Category(
            "Concerts",
            (
                item("The Velvet Echoes Live", 35, 89),
                item("Midnight Harbor Tour", 45, 120),
                item("Jazz on the River", 25, 65),
                item("Symphony Under the Stars", 30, 95),
            ),
        ),
        Category("Festivals", (item("Summer Sound Festival", 59, 149), item("Folk and Roots Weekend", 39, 99))),
        Category("Club Nights", (item("Deep House Friday", 15, 35), item("Retro Dance Party", 12, 30))),
    )
)
THEATER = Catalog(
    (
        Category(
            "Plays",
            (
                item("The Glass Orchard", 29, 89),
                item("A Winter's Crossing", 25, 79),
                item("Letters from Ash Street", 22, 69),
            ),
        ),
        Category("Musicals", (item("Starlight Avenue", 45, 149), item("The Clockwork Bride", 49, 159))),
        Category("Comedy", (item("Stand-Up Showcase", 18, 45), item("Improv Night", 15, 35))),
    )
)
SPORTS = Catalog(
    (
        Category("Basketball", (item("Home Opener vs. Rivers", 25, 180), item("Rivalry Night", 30, 210))),
        Category("Soccer", (item("Cup Quarterfinal", 20, 95), item("Derby Match", 25, 120))),
        Category("Hockey", (item("Playoff Game 3", 40, 220), item("Season Finale", 30, 160))),
    )
)
CONFERENCES = Catalog(
    (
        Category(
            "Conferences",
            (
                item("Data Summit", 199, 699),
                item("Product Leaders Forum", 149, 499),
                item("Green Building Expo", 79, 249),
            ),
        ),
        Category("Workshops", (item("Hands-On Machine Learning", 129, 349), item("Negotiation Masterclass", 99, 299))),
    )
)
