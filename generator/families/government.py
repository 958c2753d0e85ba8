"""Government services: a city permit office, a county clerk, a motor vehicle office."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, Domain, Family, item

PERMITS = Catalog(
    (
        Category(
            "Building",
            (
                item("Residential Remodel Permit", 180, 420, size=3),
                item("Deck Permit", 90, 220, size=2),
                item("Fence Permit", 45, 110, size=2),
            ),
        ),
        Category("Business", (item("Business License", 60, 180, size=2), item("Sign Permit", 40, 120, size=2))),
        Category("Events", (item("Street Fair Permit", 75, 250, size=3), item("Block Party Permit", 25, 60, size=1))),
    )
)
CLERK = Catalog(
    (
        Category(
            "Records",
            (
                item("Certified Birth Certificate", 18, 32, size=1),
                item("Marriage License", 45, 95, size=2),
                item("Property Record Copy", 8, 20, size=1),
            ),
        ),
        Category("Health", (item("Food Handler Permit", 15, 40, size=1), item("Food Truck Permit", 150, 400, size=3))),
    )
)
VEHICLES = Catalog(
    (
        Category("Licensing", (item("Driver License Renewal", 28, 58, size=2), item("Learner Permit", 20, 45, size=2))),
        Category(
            "Registration",
            (item("Vehicle Registration", 60, 190, size=2), item("Disabled Parking Placard", 5, 20, size=2)),
        ),
    )
)

GOVERNMENT = Family(
    key="government",
    label="government services",
    core=("customers", "government"),
    domains=(
        Domain(
            key="city_permit_office",
            family="government",
            about="the permit office of the City of {city}",
            titles=("City of {city} Permits", "{city} Development Services", "{city} Permit Center"),
            catalog=PERMITS,
            nouns={"customer": "resident"},
        ),
        Domain(
            key="county_clerk",
            family="government",
            about="the county clerk's office for {city} and its county",
            titles=("{city} County Clerk", "{surname} County Records Office", "{city} Vital Records"),
            catalog=CLERK,
            nouns={"customer": "resident"},
        ),
        Domain(
            key="motor_vehicle_office",
            family="government",
            about="a state motor vehicle office in {city}",
            titles=("{city} DMV", "{city} Motor Vehicle Services", "{adj} Valley DMV"),
            catalog=VEHICLES,
            nouns={"customer": "applicant"},
        ),
    ),
)
