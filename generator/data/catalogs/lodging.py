"""Places to stay: room types with their nightly rates and how many people they sleep."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, item

CITY_HOTEL = Catalog(
    (
        Category(
            "Rooms",
            (
                item("Standard Queen", 119, 189, size=2),
                item("Standard Double", 129, 199, size=4),
                item("Deluxe King", 159, 259, size=2),
                item("Accessible King", 159, 239, size=2),
                item("Business Twin", 139, 209, size=2),
            ),
        ),
        Category(
            "Suites",
            (
                item("Junior Suite", 229, 379, size=3),
                item("Executive Suite", 299, 529, size=4),
                item("Penthouse Suite", 549, 990, size=4),
            ),
        ),
    )
)

RESORT = Catalog(
    (
        Category(
            "Rooms",
            (
                item("Garden View King", 189, 289, size=2),
                item("Ocean View Queen", 229, 349, size=2),
                item("Ocean View Double", 249, 379, size=4),
                item("Poolside Twin", 199, 299, size=2),
            ),
        ),
        Category(
            "Villas",
            (
                item("One-Bedroom Villa", 389, 649, size=3),
                item("Two-Bedroom Villa", 549, 899, size=6),
                item("Beachfront Bungalow", 459, 799, size=4),
            ),
        ),
    )
)

LODGE = Catalog(
    (
        Category(
            "Rooms",
            (
                item("Forest Queen", 139, 219, size=2),
                item("Fireplace King", 179, 269, size=2),
                item("Bunk Room", 99, 159, size=4),
            ),
        ),
        Category(
            "Cabins",
            (
                item("Creekside Cabin", 229, 359, size=4),
                item("Family Cabin", 279, 429, size=6),
                item("Loft Cabin", 249, 389, size=5),
            ),
        ),
    )
)

INN = Catalog(
    (
        Category(
            "Rooms",
            (
                item("Garden Room", 129, 199, size=2),
                item("Rose Room", 139, 209, size=2),
                item("Attic Room", 109, 169, size=2),
                item("Library Room", 149, 229, size=2),
                item("Courtyard Twin", 119, 179, size=2),
            ),
        ),
        Category("Suites", (item("Carriage House Suite", 219, 329, size=4),)),
    )
)

HOSTEL = Catalog(
    (
        Category(
            "Dorms",
            (
                item("Six-Bed Dorm Bed", 29, 49, size=1),
                item("Four-Bed Dorm Bed", 35, 59, size=1),
                item("Women's Dorm Bed", 33, 55, size=1),
            ),
        ),
        Category(
            "Private Rooms",
            (
                item("Private Double", 79, 129, size=2),
                item("Private Twin", 75, 119, size=2),
                item("Family Room", 109, 169, size=4),
            ),
        ),
    )
)
