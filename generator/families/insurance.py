"""Insurance: auto, home and travel insurers, and an agency selling several lines."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, Domain, Family, item

AUTO = Catalog(
    (Category("Auto", (item("Auto Basic", 620, 980), item("Auto Plus", 890, 1390), item("Auto Premier", 1190, 1790))),)
)
HOME = Catalog(
    (
        Category(
            "Home",
            (item("Homeowners Standard", 780, 1290), item("Renters Cover", 140, 290), item("Condo Cover", 320, 610)),
        ),
    )
)
TRAVEL = Catalog(
    (
        Category(
            "Travel",
            (item("Single Trip", 35, 120), item("Annual Multi-Trip", 190, 420), item("Backpacker Cover", 95, 260)),
        ),
    )
)
AGENCY = Catalog(AUTO.categories + HOME.categories + TRAVEL.categories)

INSURANCE = Family(
    key="insurance",
    label="insurance",
    core=("customers", "insurance"),
    domains=(
        Domain(
            key="auto_insurer",
            family="insurance",
            about="a car insurance company serving drivers around {city}",
            titles=("{city} Auto Mutual", "{adj} Road Insurance", "{surname} Car Insurance"),
            catalog=AUTO,
            nouns={"customer": "policyholder"},
        ),
        Domain(
            key="home_insurer",
            family="insurance",
            about="a home and renters insurer based in {city}",
            titles=("{city} Home Mutual", "{adj} Roof Insurance", "{surname} Property Insurance"),
            catalog=HOME,
            nouns={"customer": "policyholder"},
        ),
        Domain(
            key="travel_insurer",
            family="insurance",
            about="a travel insurance company in {city}",
            titles=("{adj} Passport Insurance", "{city} Travel Cover", "{surname} Travel Protect"),
            catalog=TRAVEL,
            nouns={"customer": "policyholder"},
        ),
        Domain(
            key="insurance_agency",
            family="insurance",
            about="an independent insurance agency in {city}",
            titles=("{surname} Insurance Agency", "{city} Insurance Group", "{adj} Shield Agency"),
            catalog=AGENCY,
            nouns={"customer": "client"},
        ),
    ),
)
