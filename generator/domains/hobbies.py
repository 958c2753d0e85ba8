"""Hobbies: gyms, music schools, climbing, makerspaces, golf, bike shops, craft studios."""

from generator.spec import Domain

CLASS = dict(mode="per_date", states=("booked", "checked_in", "attended", "cancelled"), moves=("check in", "mark attended"), verb="book")

DOMAINS = (
    Domain(
        key="fitness_gym", area="hobbies", about="a fitness gym in {city} with group classes",
        titles=("{city} Fitness", "{adj} Iron Gym", "{surname} Strength Club"),
        party=("member",), resource=("class", "fitness class"),
        items=("Spin", "HIIT Blast", "Yoga Flow", "Pilates Core", "Boxing Basics", "Kettlebell", "Zumba", "Barre", "Bootcamp", "Mobility"),
        categories=("Cardio", "Strength", "Mind and Body", "Dance"), txn=("class booking", "booking"), price=(0, 30), capacity=(6, 20),
        date_label="class date", qty="", party_extras=("fitness_goal:enum:strength|weight_loss|endurance|flexibility", "locker:code"),
        resource_extras=("intensity:enum:low|medium|high", "duration_minutes:int:30..90"), staff=("trainer", "coach"), case=("feedback",),
        plan=("membership",), plan_names=("Off-Peak", "Standard", "All Access"), modules=("notes", "reviews", "locations"), location=("studio",), **CLASS,
    ),
    Domain(
        key="music_school", area="hobbies", about="a music school in {city}",
        titles=("{city} School of Music", "{surname} Music Studio", "{adj} Note Academy"),
        party=("student",), resource=("lesson", "lesson type"),
        items=("Piano Beginner", "Guitar Basics", "Violin Intermediate", "Drum Kit", "Voice Coaching", "Ukulele", "Music Theory", "Saxophone", "Cello"),
        categories=("Keys", "Strings", "Percussion", "Voice", "Theory"), txn=("lesson booking", "booking"), price=(20, 120), capacity=(1, 4),
        date_label="lesson date", qty="", party_extras=("instrument_owned:bool", "grade:int:0..8", "guardian_name:person"),
        resource_extras=("duration_minutes:int:30..90",), staff=("teacher",), case=("schedule request",), plan=("lesson plan",),
        plan_names=("Weekly 30", "Weekly 45", "Weekly 60"), modules=("payments", "notes", "reviews", "addresses"), **CLASS,
    ),
    Domain(
        key="climbing_gym", area="hobbies", about="an indoor climbing gym in {city}",
        titles=("{city} Boulders", "{adj} Crag Climbing", "{surname} Wall"),
        party=("climber", "member"), resource=("session", "climbing session"),
        items=("Intro to Bouldering", "Lead Course", "Kids Climb", "Open Session", "Belay Class", "Technique Clinic", "Ladies Night", "Youth Team"),
        categories=("Courses", "Open Climbing", "Youth"), txn=("booking",), price=(10, 140), capacity=(4, 20), date_label="session date", qty="climbers",
        party_extras=("belay_certified:bool", "shoe_size:int:3..15", "waiver_signed:bool"), resource_extras=("skill_level:enum:beginner|intermediate|advanced",),
        staff=("instructor", "route setter"), case=("incident report",), account=("punch card account",), plan=("membership",),
        plan_names=("Off-Peak", "Unlimited", "Family"), modules=("payments", "notes", "reviews"), **CLASS,
    ),
    Domain(
        key="makerspace", area="hobbies", about="a community makerspace in {city}",
        titles=("{city} Makerspace", "{adj} Workshop Collective", "{surname} Fab Lab"),
        party=("maker", "member"), resource=("machine", "tool station"),
        items=("Laser Cutter", "3D Printer", "CNC Router", "Sewing Machine", "Pottery Wheel", "Welding Bay", "Electronics Bench", "Vinyl Cutter", "Table Saw"),
        categories=("Digital Fabrication", "Wood", "Metal", "Textiles", "Ceramics"), txn=("reservation", "booking"), verb="reserve", mode="per_date",
        states=("reserved", "in_use", "finished", "cancelled"), moves=("start", "finish"), price=(5, 60), capacity=(1, 3), date_label="reservation date",
        qty="", party_extras=("safety_trained:bool", "membership_number:code"), resource_extras=("requires_training:bool", "hourly_rate:money:2..40"),
        staff=("shop steward",), case=("equipment fault report",), account=("material credit account",), plan=("membership",),
        plan_names=("Hobbyist", "Maker", "Pro"), modules=("payments", "notes"),
    ),
    Domain(
        key="golf_club", area="hobbies", about="a public golf club near {city}",
        titles=("{city} Golf Club", "{adj} Pines Golf", "{surname} Links"),
        party=("golfer", "player"), resource=("tee time slot", "course"),
        items=("Championship Course", "Executive Nine", "Twilight Round", "Practice Range", "Putting Clinic", "Junior Nine", "Sunrise Round", "Members Course"),
        categories=("18 Holes", "9 Holes", "Practice"), txn=("tee time", "booking"), verb="book", mode="per_date",
        states=("booked", "on_course", "finished", "cancelled"), moves=("check in", "finish"), price=(15, 240), capacity=(4, 16),
        date_label="play date", qty="players", party_extras=("handicap:int:0..36",), resource_extras=("holes:int:9..18", "cart_included:bool"),
        staff=("pro", "starter"), case=("lost item report",), plan=("membership",), plan_names=("Weekday", "Full", "Junior"),
        modules=("payments", "notes", "reviews"),
    ),
    Domain(
        key="bike_shop", area="hobbies", about="a bicycle shop and service center in {city}",
        titles=("{city} Cycles", "{surname} Bike Works", "{adj} Spoke Bicycles"),
        party=("rider", "customer"), resource=("service package", "repair"),
        items=("Basic Tune-Up", "Full Overhaul", "Flat Repair", "Brake Bleed", "Wheel True", "E-Bike Check", "Bike Fit", "Chain Replacement"),
        categories=("Tune-Ups", "Repairs", "Fitting"), txn=("service booking", "repair job"), verb="book", mode="per_date",
        states=("booked", "in_workshop", "ready", "cancelled"), moves=("start", "finish"), price=(15, 350), capacity=(2, 8), date_label="drop-off date",
        qty="bikes", party_extras=("bike_model:text:Trek FX|Giant Escape|Specialized Sirrus|Cannondale Quick",), resource_extras=("turnaround_days:int:1..7",),
        staff=("mechanic",), case=("warranty claim",), account=("store credit account",), modules=("payments", "notes", "reviews", "addresses"),
    ),
)
