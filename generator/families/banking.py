"""Banking: banks and credit unions with accounts, cards and transfers."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, Domain, Family, item

ACCOUNTS = Catalog(
    (
        Category(
            "Deposit Accounts",
            (item("Everyday Checking", 0, 12), item("High-Yield Savings", 0, 0), item("Money Market", 0, 0)),
        ),
    )
)

BANKING = Family(
    key="banking",
    label="banking and cards",
    core=("customers", "banking"),
    domains=(
        Domain(
            key="community_bank",
            family="banking",
            about="a community bank with branches around {city}",
            titles=("{city} Community Bank", "{surname} Savings Bank", "First {adj} Bank of {city}"),
            catalog=ACCOUNTS,
        ),
        Domain(
            key="credit_union",
            family="banking",
            about="a member-owned credit union in {city}",
            titles=("{city} Federal Credit Union", "{adj} Valley Credit Union", "{surname} Teachers Credit Union"),
            catalog=ACCOUNTS,
            nouns={"customer": "member"},
        ),
        Domain(
            key="online_bank",
            family="banking",
            about="an online-only bank headquartered in {city}",
            titles=("{adj} Digital Bank", "Nimbus Bank", "{surname} Direct"),
            catalog=ACCOUNTS,
            nouns={"customer": "client"},
        ),
    ),
)
