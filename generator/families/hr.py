"""HR and payroll: companies' people teams and payroll bureaus."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, Domain, Family, item

TECH = Catalog(
    (
        Category(
            "Engineering",
            (
                item("Software Engineer", 95000, 165000),
                item("Engineering Manager", 140000, 210000),
                item("QA Analyst", 65000, 105000),
            ),
        ),
        Category("Sales", (item("Account Executive", 60000, 120000), item("Sales Manager", 95000, 160000))),
        Category("People", (item("HR Generalist", 55000, 90000), item("Recruiter", 55000, 95000))),
        Category("Finance", (item("Accountant", 60000, 95000), item("Payroll Specialist", 52000, 82000))),
    )
)
MANUFACTURING = Catalog(
    (
        Category("Production", (item("Machine Operator", 38000, 58000), item("Shift Supervisor", 52000, 78000))),
        Category("Quality", (item("Quality Inspector", 42000, 64000), item("Quality Manager", 72000, 110000))),
        Category("Logistics", (item("Forklift Driver", 36000, 52000), item("Warehouse Lead", 45000, 68000))),
        Category("Administration", (item("Office Manager", 48000, 72000), item("Payroll Clerk", 40000, 60000))),
    )
)
HOSPITAL = Catalog(
    (
        Category("Nursing", (item("Registered Nurse", 68000, 112000), item("Charge Nurse", 82000, 125000))),
        Category("Pharmacy", (item("Clinical Pharmacist", 110000, 150000), item("Pharmacy Technician", 36000, 52000))),
        Category(
            "Facilities", (item("Maintenance Technician", 42000, 65000), item("Facilities Manager", 70000, 105000))
        ),
    )
)

HR = Family(
    key="hr",
    label="HR and payroll",
    core=("hr",),
    domains=(
        Domain(
            key="tech_company_hr",
            family="hr",
            about="the people and payroll team of a software company in {city}",
            titles=("{adj} Systems People Ops", "{surname} Technologies HR", "{city} Software Co. People Team"),
            catalog=TECH,
        ),
        Domain(
            key="manufacturer_hr",
            family="hr",
            about="the HR office of a manufacturing plant near {city}",
            titles=("{surname} Manufacturing HR", "{city} Fabrication People Office", "{adj} Works HR"),
            catalog=MANUFACTURING,
        ),
        Domain(
            key="hospital_hr",
            family="hr",
            about="the human resources department of a hospital in {city}",
            titles=("{city} General Hospital HR", "{surname} Medical Center HR", "{adj} Health HR"),
            catalog=HOSPITAL,
        ),
    ),
)
