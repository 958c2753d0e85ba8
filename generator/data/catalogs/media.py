"""What streams: genres and titles (``size``: seasons for a series, 0 for a film; prices: a rental)."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, item

STREAMING = Catalog(
    (
        Category(
            "Drama",
            (
                item("The Lighthouse Keeper", 3, 6),
                item("Northern Line", 0, 0, size=3),
                item("Salt and Iron", 4, 6),
                item("Brothers of the Valley", 0, 0, size=2),
            ),
        ),
        Category(
            "Comedy",
            (
                item("Office Hours", 0, 0, size=4),
                item("The Wrong Wedding", 3, 5),
                item("Roommates Anonymous", 0, 0, size=2),
                item("Weekend Plans", 3, 5),
            ),
        ),
        Category(
            "Thriller", (item("Cold Harbor", 4, 6), item("The Ninth Floor", 0, 0, size=2), item("Blind Spot", 4, 6))
        ),
        Category(
            "Documentary",
            (item("Oceans Within", 2, 4), item("Kitchen Stories", 0, 0, size=3), item("The Last Glacier", 2, 4)),
        ),
        Category(
            "Animation", (item("Moon Rabbits", 3, 5), item("Tiny Engineers", 0, 0, size=2), item("Cloud Castle", 3, 5))
        ),
    )
)
KIDS = Catalog(
    (
        Category(
            "Animation",
            (
                item("Moon Rabbits", 3, 5),
                item("Tiny Engineers", 0, 0, size=2),
                item("Cloud Castle", 3, 5),
                item("Robot Garden", 0, 0, size=3),
            ),
        ),
        Category(
            "Family",
            (
                item("Camp Pinewood", 3, 5),
                item("The Puppy Detectives", 0, 0, size=2),
                item("Grandpa's Telescope", 2, 4),
            ),
        ),
        Category("Learning", (item("Science Sparks", 0, 0, size=3), item("Story Time Live", 0, 0, size=2))),
    )
)
ANIME = Catalog(
    (
        Category(
            "Action",
            (
                item("Blade of the Seventh Sky", 0, 0, size=3),
                item("Iron Petal", 3, 5),
                item("Storm Runners", 0, 0, size=2),
            ),
        ),
        Category(
            "Slice of Life",
            (
                item("Tea House Days", 0, 0, size=2),
                item("After School Club", 0, 0, size=3),
                item("Paper Lanterns", 3, 5),
            ),
        ),
        Category("Fantasy", (item("The Fox Shrine", 4, 6), item("Spirit Express", 0, 0, size=2))),
    )
)
