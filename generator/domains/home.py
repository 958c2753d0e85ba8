"""Home: cleaning, repairs, landscaping, property management, appliance service."""

from generator.spec import Domain

JOB = dict(mode="per_date", states=("scheduled", "on_site", "done", "cancelled"), moves=("arrive", "finish"), verb="schedule", qty="")

DOMAINS = (
    Domain(
        key="home_cleaning", area="home", about="a home cleaning service in {city}",
        titles=("{city} Sparkle Cleaning", "{surname} Maids", "{adj} Clean Co"),
        party=("client", "household"), resource=("cleaning service", "service"),
        items=("Standard Clean", "Deep Clean", "Move-Out Clean", "Window Washing", "Carpet Shampoo", "Oven Clean", "Office Clean", "Post-Party Clean"),
        categories=("Regular", "Deep", "Specialty"), txn=("visit", "cleaning job"), price=(60, 480), capacity=(1, 5), date_label="visit date",
        party_extras=("home_size_sqft:int:300..6000", "has_pets:bool", "entry_instructions:text:key in lockbox|doorman|client home"),
        resource_extras=("duration_hours:int:1..8",), staff=("cleaner", "team lead"), case=("complaint",),
        plan=("cleaning plan",), plan_names=("Monthly", "Biweekly", "Weekly"), modules=("payments", "reviews", "notes", "addresses"), **JOB,
    ),
    Domain(
        key="handyman_service", area="home", about="a handyman and repair service in {city}",
        titles=("{surname} Home Repair", "{city} Fix-It", "{adj} Handyman Co"),
        party=("homeowner", "customer"), resource=("repair service", "job type"),
        items=("Leaky Faucet", "Drywall Patch", "Door Adjustment", "Shelf Install", "Light Fixture", "Gutter Clean", "Deck Repair", "Tile Regrout", "TV Mount"),
        categories=("Plumbing", "Electrical", "Carpentry", "Exterior"), txn=("job", "work order"), price=(80, 900), capacity=(1, 4), date_label="job date",
        party_extras=("home_type:enum:house|apartment|condo|townhouse", "year_built:int:1880..2025"), resource_extras=("typical_hours:int:1..16", "parts_included:bool"),
        staff=("technician", "handyman"), case=("warranty callback",), account=("prepaid hours account",), modules=("payments", "reviews", "notes", "addresses"), **JOB,
    ),
    Domain(
        key="landscaping", area="home", about="a landscaping company serving {city}",
        titles=("{city} Landscapes", "{surname} Lawn & Garden", "{color} Leaf Landscaping"),
        party=("customer", "property owner"), resource=("service", "yard service"),
        items=("Lawn Mowing", "Hedge Trimming", "Leaf Cleanup", "Mulching", "Spring Planting", "Irrigation Check", "Tree Pruning", "Snow Removal", "Aeration"),
        categories=("Lawn", "Garden", "Trees", "Seasonal"), txn=("visit", "service visit"), price=(35, 800), capacity=(1, 6), date_label="service date",
        party_extras=("lot_size_sqft:int:1000..60000", "gate_code:code"), resource_extras=("crew_size:int:1..5", "seasonal:bool"),
        staff=("crew lead", "gardener"), case=("service complaint",), plan=("maintenance plan",), plan_names=("Essentials", "Premium", "Estate"),
        modules=("payments", "notes", "addresses", "reviews"), **JOB,
    ),
    Domain(
        key="property_management", area="home", about="a residential property manager in {city}",
        titles=("{surname} Property Management", "{city} Rentals", "{adj} Keys Property Co"),
        party=("tenant", "resident"), resource=("apartment", "rental unit"),
        items=("Unit 101", "Unit 102", "Unit 204", "Unit 305", "Penthouse A", "Garden Flat 1", "Loft 3B", "Unit 410", "Studio 12", "Townhouse 7"),
        categories=("Studio", "One Bedroom", "Two Bedroom", "Townhouse"), txn=("lease", "tenancy"), verb="create",
        say="Set up a lease of {res} for {party}{many}", mode="total", states=("signed", "occupied", "ended", "cancelled"), moves=("move in", "end"),
        price=(800, 4200), capacity=(1, 2), date_label="lease date", qty="",
        party_extras=("move_in_date:date", "pets:int:0..3"), resource_extras=("bedrooms:int:0..4", "square_feet:int:300..2600", "parking:bool"),
        staff=("property manager", "maintenance tech"), case=("maintenance request", "service request"), account=("rent ledger",),
        modules=("payments", "notes", "addresses", "locations"), location=("building",),
    ),
    Domain(
        key="appliance_repair", area="home", about="an appliance repair service in {city}",
        titles=("{city} Appliance Repair", "{surname} Appliance Doctors", "{adj} Fix Appliances"),
        party=("customer",), resource=("repair type", "service"),
        items=("Fridge Not Cooling", "Washer Leak", "Dryer No Heat", "Dishwasher Drain", "Oven Igniter", "Microwave Repair", "Ice Maker Fix", "Freezer Seal"),
        categories=("Kitchen", "Laundry", "Cooling"), txn=("service call", "appointment"), price=(70, 600), capacity=(1, 5), date_label="visit date",
        party_extras=("appliance_brand:enum:Whirlpool|Samsung|LG|Bosch|GE",), resource_extras=("diagnostic_fee:money:30..120",),
        staff=("technician",), case=("warranty claim",), plan=("protection plan",), plan_names=("Single Appliance", "Whole Home"),
        modules=("payments", "reviews", "notes", "addresses"), **JOB,
    ),
)
