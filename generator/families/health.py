"""Health: clinics, dental and eye practices, veterinary clinics, physiotherapy, and pharmacies."""

from __future__ import annotations

from generator.blueprint import Domain, Family
from generator.data.catalogs import health as c

PATIENTS = {"customer": "patient"}

HEALTH = Family(
    key="health",
    label="clinics and pharmacies",
    core=("customers",),
    domains=(
        Domain(
            key="family_clinic",
            family="health",
            about="a family medicine clinic in {city}",
            titles=("{city} Family Health", "{surname} Family Medicine", "{adj} Valley Clinic"),
            catalog=c.FAMILY_CLINIC,
            nouns=PATIENTS,
            core=("clinic",),
        ),
        Domain(
            key="pharmacy",
            family="health",
            about="a neighborhood pharmacy in {city} that fills prescriptions and sells over-the-counter products",
            titles=("{surname} Pharmacy", "{city} Drug & Wellness", "{adj} Leaf Pharmacy"),
            catalog=c.PHARMACY,
            nouns={"customer": "customer", "product": "product"},
            core=("catalog", "orders", "prescriptions"),
        ),
        Domain(
            key="dental_practice",
            family="health",
            about="a dental practice in {city}",
            titles=("{surname} Dental", "{city} Smiles", "{adj} Dental Care"),
            catalog=c.DENTAL,
            nouns=PATIENTS,
            core=("clinic",),
        ),
        Domain(
            key="veterinary_clinic",
            family="health",
            about="a veterinary clinic in {city} for dogs, cats and small pets",
            titles=("{city} Animal Hospital", "{surname} Veterinary Clinic", "{adj} Paws Vet"),
            catalog=c.VET,
            nouns={"customer": "pet owner"},
            core=("pets", "clinic"),
        ),
        Domain(
            key="physio_clinic",
            family="health",
            about="a physiotherapy and sports rehabilitation clinic in {city}",
            titles=("{city} Physio", "{surname} Sports Rehab", "{adj} Motion Physiotherapy"),
            catalog=c.PHYSIO,
            nouns=PATIENTS,
            core=("clinic",),
        ),
        Domain(
            key="eye_clinic",
            family="health",
            about="an eye care clinic in {city}",
            titles=("{city} Eye Care", "{surname} Optometry", "{adj} Vision Center"),
            catalog=c.EYE,
            nouns=PATIENTS,
            core=("clinic",),
        ),
    ),
)
