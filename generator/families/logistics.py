"""Logistics: third-party warehouses and fulfilment centers."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, Domain, Family, item

GOODS = Catalog(
    (
        Category(
            "Apparel",
            (item("Cotton T-Shirt", 150, 320), item("Denim Jacket", 700, 1100), item("Running Shorts", 120, 260)),
        ),
        Category(
            "Home", (item("Ceramic Mug", 300, 450), item("Throw Blanket", 900, 1600), item("Desk Lamp", 800, 1500))
        ),
        Category(
            "Electronics",
            (item("Phone Case", 40, 90), item("Bluetooth Speaker", 350, 900), item("USB-C Charger", 90, 180)),
        ),
        Category(
            "Grocery",
            (
                item("Coffee Beans 1 kg", 1000, 1050),
                item("Olive Oil 500 ml", 480, 520),
                item("Granola 750 g", 750, 800),
            ),
        ),
    )
)

LOGISTICS = Family(
    key="logistics",
    label="logistics and warehouses",
    core=("customers", "logistics"),
    domains=(
        Domain(
            key="fulfilment_center",
            family="logistics",
            about="a third-party fulfilment company around {city}",
            titles=("{city} Fulfilment", "{adj} Box Logistics", "{surname} Warehousing"),
            catalog=GOODS,
            nouns={"customer": "client contact"},
        ),
        Domain(
            key="cold_storage",
            family="logistics",
            about="a cold-chain warehouse operator near {city}",
            titles=("{city} Cold Storage", "{adj} Frost Logistics", "{surname} Cold Chain"),
            catalog=GOODS,
            nouns={"customer": "client contact"},
        ),
        Domain(
            key="freight_forwarder",
            family="logistics",
            about="a freight forwarder with warehouses near {city}",
            titles=("{surname} Freight", "{city} Cargo Partners", "{adj} Route Forwarding"),
            catalog=GOODS,
            nouns={"customer": "shipper contact"},
        ),
    ),
)
