"""Property: apartment and student housing managers, office suites."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, Domain, Family, item

UNITS = Catalog(
    (Category("Units", (item("Studio", 900, 1400), item("One Bedroom", 1200, 1900), item("Two Bedroom", 1600, 2600))),)
)

PROPERTY = Family(
    key="property",
    label="property and home services",
    core=("customers", "property"),
    domains=(
        Domain(
            key="apartment_management",
            family="property",
            about="a property management company in {city}",
            titles=("{surname} Property Management", "{city} Residential", "{adj} Key Rentals"),
            catalog=UNITS,
            nouns={"customer": "tenant"},
        ),
        Domain(
            key="student_housing",
            family="property",
            about="a student housing company near the campus in {city}",
            titles=("{city} Student Living", "{adj} Campus Housing", "{surname} Hall Residences"),
            catalog=UNITS,
            nouns={"customer": "resident"},
        ),
        Domain(
            key="office_suites",
            family="property",
            about="a landlord of small office suites in {city}",
            titles=("{surname} Office Suites", "{city} Workspace Properties", "{adj} Tower Offices"),
            catalog=UNITS,
            nouns={"customer": "tenant"},
        ),
    ),
)
