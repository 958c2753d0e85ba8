"""Health: clinics, dentists, vets, pharmacies, physiotherapy, labs."""

from generator.spec import Domain

VISIT = dict(mode="per_date", states=("scheduled", "checked_in", "completed", "cancelled"), moves=("check in", "complete"),
             verb="book", date_label="appointment date", qty="")

DOMAINS = (
    Domain(
        key="family_clinic", area="health", about="a family medicine clinic in {city}",
        titles=("{city} Family Health", "{surname} Medical Group", "{adj} Care Clinic"),
        party=("patient",), resource=("appointment type", "visit type"),
        items=("Annual Physical", "Flu Shot", "Sick Visit", "Well Child Check", "Blood Pressure Check", "Travel Vaccines", "Telehealth Consult",
               "Minor Procedure", "Follow-Up Visit"),
        categories=("Preventive", "Acute", "Pediatric", "Telehealth"), txn=("appointment", "visit"), price=(0, 350), capacity=(2, 8),
        party_extras=("date_of_birth:date", "insurer:enum:BlueCross|Aetna|Cigna|Medicare|Self-pay", "blood_type:enum:A+|A-|B+|B-|O+|O-|AB+|AB-"),
        resource_extras=("duration_minutes:int:10..90",), txn_extras=("reason:text:checkup|follow-up|new symptoms|prescription refill",),
        staff=("physician", "nurse practitioner"), case=("referral request", "billing question"), modules=("payments", "notes", "addresses", "locations"),
        location=("clinic site",), **VISIT,
    ),
    Domain(
        key="dental_practice", area="health", about="a dental practice in {city}",
        titles=("{city} Dental Care", "{surname} Family Dentistry", "Bright {adj} Smiles"),
        party=("patient",), resource=("treatment", "procedure"),
        items=("Cleaning", "Exam and X-Rays", "Filling", "Crown Fitting", "Root Canal", "Whitening", "Sealants", "Extraction", "Night Guard Fitting"),
        categories=("Preventive", "Restorative", "Cosmetic", "Surgery"), txn=("appointment",), price=(60, 1400), capacity=(1, 4),
        party_extras=("date_of_birth:date", "dental_plan:enum:Delta|MetLife|Guardian|none"), resource_extras=("chair_minutes:int:15..120",),
        staff=("dentist", "hygienist"), case=("billing question", "treatment question"), plan=("dental plan",),
        plan_names=("Smile Basic", "Smile Plus", "Smile Family"), modules=("payments", "notes", "addresses", "reviews"), **VISIT,
    ),
    Domain(
        key="veterinary_clinic", area="health", about="a veterinary clinic in {city}",
        titles=("{city} Animal Hospital", "{surname} Veterinary Clinic", "Paws and Claws of {city}"),
        party=("pet owner", "client"), resource=("service", "vet service"),
        items=("Wellness Exam", "Vaccination", "Dental Cleaning", "Spay Surgery", "X-Ray", "Microchipping", "Grooming", "Allergy Test", "Nail Trim"),
        categories=("Preventive", "Surgery", "Diagnostics", "Grooming"), txn=("appointment", "visit"), price=(25, 900), capacity=(1, 6),
        party_extras=("pet_name:text:Biscuit|Luna|Max|Milo|Bella|Charlie", "species:enum:dog|cat|rabbit|bird|reptile", "pet_weight_kg:int:1..80"),
        resource_extras=("requires_fasting:bool",), staff=("veterinarian", "vet tech"), case=("follow-up call",),
        plan=("wellness plan",), plan_names=("Puppy Plan", "Adult Plan", "Senior Plan"), modules=("payments", "notes", "reviews", "addresses"), **VISIT,
    ),
    Domain(
        key="pharmacy", area="health", about="a community pharmacy in {city}",
        titles=("{city} Pharmacy", "{surname} Drug & Wellness", "{adj} Cross Pharmacy"),
        party=("customer", "patient"), resource=("medicine", "product"),
        items=("Ibuprofen 200mg", "Allergy Relief", "Vitamin D3", "Cough Syrup", "Blood Pressure Monitor", "Sunscreen SPF50", "Thermometer",
               "Antacid Tablets", "First Aid Kit", "Saline Spray", "Probiotic", "Eye Drops"),
        categories=("Pain Relief", "Allergy", "Vitamins", "Devices", "First Aid"), txn=("order", "pickup order"), verb="place",
        say="Prepare {res}{many} for {party}", mode="stock", states=("received", "ready", "picked_up", "cancelled"), moves=("fill", "hand over"),
        price=(2, 120), date_label="order date", qty="packs",
        party_extras=("date_of_birth:date", "insurance_id:code"), resource_extras=("prescription_only:bool", "strength:text:10mg|50mg|200mg|500mg"),
        staff=("pharmacist", "technician"), case=("refill request",), modules=("payments", "notes", "addresses", "locations"), location=("store",),
    ),
    Domain(
        key="physiotherapy", area="health", about="a physiotherapy and sports rehab clinic in {city}",
        titles=("{city} Physio", "{surname} Sports Rehab", "{adj} Motion Therapy"),
        party=("patient", "client"), resource=("session type", "therapy"),
        items=("Initial Assessment", "Manual Therapy", "Sports Massage", "Dry Needling", "Hydrotherapy", "Posture Class", "Post-Op Rehab", "Running Analysis"),
        categories=("Assessment", "Treatment", "Classes"), txn=("session", "appointment"), price=(40, 220), capacity=(1, 8),
        party_extras=("injury:text:knee|lower back|shoulder|ankle|neck", "referred_by:person"), resource_extras=("duration_minutes:int:20..90",),
        staff=("physiotherapist",), case=("insurance claim",), plan=("rehab package",), plan_names=("Five Pack", "Ten Pack", "Unlimited Month"),
        modules=("payments", "notes", "reviews"), **VISIT,
    ),
    Domain(
        key="diagnostic_lab", area="health", about="a diagnostic laboratory with collection centers in {city}",
        titles=("{city} Diagnostics", "{surname} Lab Services", "{adj} Path Labs"),
        party=("patient",), resource=("test", "lab test"),
        items=("Complete Blood Count", "Lipid Panel", "Thyroid Panel", "Vitamin D Test", "HbA1c", "Allergy Panel", "Liver Function", "Urinalysis",
               "Iron Studies", "COVID PCR"),
        categories=("Blood", "Hormones", "Allergy", "Infectious"), txn=("sample collection", "appointment"), price=(15, 300), capacity=(3, 15),
        party_extras=("date_of_birth:date", "fasting_ok:bool"), resource_extras=("turnaround_hours:int:2..120", "requires_fasting:bool"),
        staff=("phlebotomist",), case=("result query",), modules=("payments", "notes", "addresses", "locations"), location=("collection center",),
        **{**VISIT, "states": ("booked", "collected", "reported", "cancelled"), "moves": ("collect", "report")},
    ),
)
