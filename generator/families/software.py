"""Software and IT: SaaS companies selling per-seat workspaces, with billing, support and a status page."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, Domain, Family, item

PLANS = Catalog(
    (
        Category(
            "Plans",
            (
                item("Starter", 6, 12, size=10),
                item("Team", 12, 22, size=50),
                item("Business", 22, 39, size=250),
                item("Enterprise", 39, 69, size=5000),
            ),
        ),
    )
)

SOFTWARE = Family(
    key="software",
    label="SaaS and IT support",
    core=("customers", "saas"),
    domains=(
        Domain(
            key="project_management_saas",
            family="software",
            about="a project management software company in {city}",
            titles=("Taskline", "{adj}Board", "{surname} Projects"),
            catalog=PLANS,
            nouns={"customer": "account owner"},
        ),
        Domain(
            key="helpdesk_saas",
            family="software",
            about="a help desk software company based in {city}",
            titles=("Supportly", "{adj}Desk", "{surname} Helpdesk"),
            catalog=PLANS,
            nouns={"customer": "account owner"},
        ),
        Domain(
            key="crm_saas",
            family="software",
            about="a CRM software vendor in {city}",
            titles=("Pipeline{adj}", "{surname} CRM", "Closewise"),
            catalog=PLANS,
            nouns={"customer": "account owner"},
        ),
        Domain(
            key="analytics_saas",
            family="software",
            about="an analytics platform company in {city}",
            titles=("Metricly", "{adj} Insights", "{surname} Analytics"),
            catalog=PLANS,
            nouns={"customer": "account owner"},
        ),
    ),
)
