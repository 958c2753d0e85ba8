"""Care: the services practices offer (``size``: minutes), and the medicines they prescribe or sell."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, item

FAMILY_CLINIC = Catalog(
    (
        Category(
            "Visits",
            (
                item("Annual Physical", 165, 245, size=45),
                item("Sick Visit", 95, 155, size=20),
                item("Follow-up Visit", 75, 125, size=20),
                item("Telehealth Consult", 59, 99, size=15),
            ),
        ),
        Category(
            "Preventive",
            (
                item("Flu Vaccination", 29, 49, size=10),
                item("Travel Vaccine Consult", 85, 140, size=30),
                item("Blood Pressure Check", 25, 45, size=10),
            ),
        ),
        Category(
            "Lab",
            (
                item("Basic Metabolic Panel", 39, 89, size=10),
                item("Lipid Panel", 35, 79, size=10),
                item("Complete Blood Count", 29, 65, size=10),
            ),
        ),
    )
)

DENTAL = Catalog(
    (
        Category(
            "Preventive",
            (
                item("Cleaning and Exam", 109, 189, size=45),
                item("Dental X-Rays", 79, 149, size=20),
                item("Fluoride Treatment", 29, 59, size=15),
            ),
        ),
        Category(
            "Restorative",
            (
                item("Tooth-Colored Filling", 149, 279, size=45),
                item("Porcelain Crown", 899, 1490, size=90),
                item("Root Canal", 749, 1290, size=90),
            ),
        ),
        Category("Cosmetic", (item("Teeth Whitening", 299, 549, size=60), item("Bonding", 199, 399, size=45))),
    )
)

VET = Catalog(
    (
        Category(
            "Exams",
            (
                item("Wellness Exam", 59, 95, size=30),
                item("Sick Pet Exam", 69, 119, size=30),
                item("Senior Pet Checkup", 89, 149, size=45),
            ),
        ),
        Category(
            "Vaccines",
            (
                item("Rabies Vaccine", 19, 39, size=10),
                item("Distemper Vaccine", 25, 45, size=10),
                item("Feline Leukemia Vaccine", 29, 49, size=10),
            ),
        ),
        Category(
            "Procedures",
            (
                item("Dental Cleaning", 249, 549, size=90),
                item("Spay Surgery", 249, 499, size=120),
                item("Microchipping", 39, 69, size=15),
            ),
        ),
    )
)

PHYSIO = Catalog(
    (
        Category(
            "Assessment", (item("Initial Assessment", 109, 169, size=60), item("Gait Analysis", 89, 149, size=45))
        ),
        Category(
            "Treatment",
            (
                item("Follow-up Session", 79, 129, size=45),
                item("Sports Massage", 69, 119, size=60),
                item("Dry Needling", 59, 99, size=30),
                item("Hydrotherapy Session", 69, 109, size=45),
            ),
        ),
    )
)

EYE = Catalog(
    (
        Category(
            "Exams",
            (
                item("Comprehensive Eye Exam", 89, 169, size=45),
                item("Contact Lens Fitting", 59, 119, size=30),
                item("Pediatric Eye Exam", 69, 129, size=30),
            ),
        ),
        Category(
            "Procedures", (item("Glaucoma Screening", 49, 99, size=20), item("Dry Eye Treatment", 79, 149, size=30))
        ),
    )
)

MEDICINES = (
    ("Amoxicillin 500 mg capsules", 9, 24),
    ("Lisinopril 10 mg tablets", 7, 19),
    ("Atorvastatin 20 mg tablets", 9, 29),
    ("Metformin 500 mg tablets", 6, 18),
    ("Albuterol inhaler", 24, 59),
    ("Sertraline 50 mg tablets", 9, 27),
    ("Levothyroxine 50 mcg tablets", 8, 22),
    ("Omeprazole 20 mg capsules", 8, 21),
    ("Amlodipine 5 mg tablets", 6, 17),
    ("Prednisone 10 mg tablets", 5, 15),
    ("Fluticasone nasal spray", 14, 34),
    ("Cetirizine 10 mg tablets", 6, 16),
)
VET_MEDICINES = (
    ("Carprofen 75 mg chewables", 22, 49),
    ("Apoquel 16 mg tablets", 45, 89),
    ("Heartworm preventive chews", 39, 79),
    ("Flea and tick chews", 45, 95),
    ("Amoxicillin-clavulanate 250 mg", 19, 45),
    ("Gabapentin 100 mg capsules", 14, 32),
)

PHARMACY = Catalog(
    (
        Category(
            "Pain Relief",
            (
                item("Ibuprofen Tablets", 6, 14, "100-Count", "200-Count"),
                item("Acetaminophen Caplets", 5, 13, "Extra Strength"),
                item("Muscle Rub", 7, 15, "Warming"),
            ),
        ),
        Category(
            "Allergy",
            (
                item("Antihistamine Tablets", 9, 24, "24-Hour"),
                item("Saline Nasal Spray", 5, 11),
                item("Allergy Eye Drops", 8, 16),
            ),
        ),
        Category(
            "Vitamins",
            (
                item("Vitamin D3", 7, 19, "2000 IU"),
                item("Multivitamin", 9, 26, "Women's", "Men's"),
                item("Omega-3 Fish Oil", 12, 29),
                item("Vitamin C Gummies", 8, 17),
            ),
        ),
        Category(
            "First Aid",
            (
                item("Adhesive Bandages", 3, 9, "Fabric", "Waterproof"),
                item("Antiseptic Spray", 5, 12),
                item("Instant Cold Pack", 4, 9),
                item("Gauze Pads", 4, 10),
            ),
        ),
        Category(
            "Cold & Flu",
            (
                item("Cough Syrup", 7, 15, "Nighttime"),
                item("Throat Lozenges", 3, 8, "Honey Lemon"),
                item("Decongestant Tablets", 6, 14),
            ),
        ),
        Category(
            "Personal Care",
            (item("Sunscreen Lotion", 8, 19, "SPF 30", "SPF 50"), item("Lip Balm", 2, 6), item("Hand Sanitizer", 3, 8)),
        ),
    ),
)
PHARMACY_BRANDS = ("Wellspring", "CareMark Basics", "Everyday Health", "PureLeaf")
