"""What shops sell: categories of items with their usual prices and the brands that make them."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, item

ELECTRONICS = Catalog(
    (
        Category(
            "Mice & Keyboards",
            (
                item("Wireless Mouse", 14, 69, "Silent", "Ergonomic", "Compact"),
                item("Mechanical Keyboard", 49, 189, "Tenkeyless", "Low-Profile"),
                item("Gaming Mouse", 29, 99, "Lightweight", "Wired"),
                item("Keyboard and Mouse Set", 29, 89, "Wireless", "Slim"),
                item("Trackball", 35, 110, "Wireless"),
            ),
            ("Voltra", "Kestrel", "Nimbus", "Arcline"),
        ),
        Category(
            "Audio",
            (
                item("Wireless Earbuds", 29, 249, "Noise-Cancelling", "Sport"),
                item("Over-Ear Headphones", 49, 399, "Noise-Cancelling", "Studio"),
                item("Bluetooth Speaker", 24, 199, "Waterproof", "Portable"),
                item("Soundbar", 99, 499, "Compact", "Dolby Atmos"),
                item("USB Microphone", 39, 159, "Cardioid", "Podcast"),
            ),
            ("Sonara", "Kestrel", "Bassline", "Echoworks"),
        ),
        Category(
            "Monitors",
            (
                item("24-inch Monitor", 109, 249, "IPS", "Frameless"),
                item("27-inch Monitor", 169, 449, "4K", "IPS", "Curved"),
                item("Portable Monitor", 119, 299, "USB-C"),
                item("Monitor Arm", 29, 129, "Dual", "Gas-Spring"),
            ),
            ("Viewlux", "Arcline", "Pixelon"),
        ),
        Category(
            "Cables & Chargers",
            (
                item("USB-C Cable", 7, 29, "Braided", "2 m"),
                item("Wall Charger", 15, 59, "65W", "Dual-Port"),
                item("Power Bank", 19, 89, "20000mAh", "Slim"),
                item("HDMI Cable", 8, 35, "4K", "3 m"),
                item("Wireless Charging Pad", 14, 49, "Fast"),
            ),
            ("Voltra", "Chargeline", "Nimbus"),
        ),
        Category(
            "Storage",
            (
                item("External SSD", 59, 259, "1 TB", "2 TB", "Rugged"),
                item("USB Flash Drive", 6, 39, "64 GB", "256 GB"),
                item("microSD Card", 8, 59, "128 GB", "512 GB"),
                item("External Hard Drive", 49, 169, "4 TB", "Desktop"),
            ),
            ("Datavault", "Kestrel", "Corestor"),
        ),
        Category(
            "Networking",
            (
                item("Wi-Fi Router", 49, 299, "Dual-Band", "Mesh"),
                item("Network Switch", 19, 89, "8-Port", "Gigabit"),
                item("Wi-Fi Extender", 24, 79, "Plug-In"),
                item("Ethernet Cable", 6, 25, "Cat 6", "5 m"),
            ),
            ("Linkwave", "Netora", "Arcline"),
        ),
        Category(
            "Webcams",
            (
                item("HD Webcam", 29, 119, "1080p", "Wide-Angle"),
                item("Ring Light", 17, 59, "Clip-On", "10-inch"),
                item("Conference Camera", 89, 399, "4K"),
            ),
            ("Pixelon", "Viewlux", "Kestrel"),
        ),
    )
)

OUTDOOR = Catalog(
    (
        Category(
            "Footwear",
            (
                item("Hiking Boots", 79, 249, "Waterproof", "Lightweight"),
                item("Trail Runners", 69, 179, "Cushioned", "Grippy"),
                item("Camp Sandals", 24, 89, "Adjustable"),
                item("Gaiters", 19, 59, "Waterproof"),
            ),
            ("Northpeak", "Ridgeline", "Alder"),
        ),
        Category(
            "Clothing",
            (
                item("Rain Jacket", 59, 289, "Packable", "3-Layer"),
                item("Fleece Hoodie", 39, 119, "Midweight"),
                item("Down Vest", 69, 199, "Packable"),
                item("Hiking Pants", 49, 129, "Convertible", "Stretch"),
                item("Merino Base Layer", 45, 110, "Lightweight"),
            ),
            ("Northpeak", "Alder", "Summit Co"),
        ),
        Category(
            "Camping",
            (
                item("Two-Person Tent", 129, 449, "Ultralight", "Freestanding"),
                item("Sleeping Bag", 59, 329, "20-Degree", "Down"),
                item("Sleeping Pad", 39, 179, "Insulated", "Self-Inflating"),
                item("Camp Stove", 39, 149, "Compact", "Two-Burner"),
                item("Camp Chair", 29, 119, "Folding"),
            ),
            ("Ridgeline", "Basecamp", "Summit Co"),
        ),
        Category(
            "Packs",
            (
                item("Daypack", 39, 139, "24-Liter", "Hydration"),
                item("Backpacking Pack", 149, 329, "55-Liter", "Ultralight"),
                item("Dry Bag", 12, 45, "10-Liter", "20-Liter"),
                item("Hip Pack", 19, 59, "Running"),
            ),
            ("Alder", "Trailform", "Northpeak"),
        ),
        Category(
            "Navigation",
            (
                item("Compass", 12, 69, "Baseplate", "Mirror"),
                item("Headlamp", 19, 89, "Rechargeable", "400-Lumen"),
                item("GPS Watch", 149, 449, "Solar"),
                item("Trail Map Set", 9, 29, "Waterproof"),
            ),
            ("Trailform", "Lumeno", "Summit Co"),
        ),
        Category(
            "Water",
            (
                item("Water Filter", 24, 99, "Squeeze", "Gravity"),
                item("Insulated Bottle", 19, 49, "32 oz", "21 oz"),
                item("Hydration Bladder", 24, 49, "3-Liter"),
                item("Purification Tablets", 7, 15),
            ),
            ("AquaPure", "Basecamp", "Ridgeline"),
        ),
    )
)

PETS = Catalog(
    (
        Category(
            "Dog Food",
            (
                item("Grain-Free Kibble", 24, 89, "Salmon", "Chicken", "Large Breed"),
                item("Puppy Food", 19, 69, "Small Breed"),
                item("Wet Dog Food Case", 18, 49, "Beef", "Turkey"),
                item("Dental Chews", 9, 29, "Mint"),
            ),
            ("Tailwag", "Good Paw", "Heartland"),
        ),
        Category(
            "Cat Supplies",
            (
                item("Cat Litter", 9, 34, "Clumping", "Unscented"),
                item("Scratching Post", 19, 89, "Tall", "Sisal"),
                item("Cat Tree", 59, 189, "Five-Level"),
                item("Wet Cat Food Case", 15, 45, "Tuna", "Chicken"),
            ),
            ("Purrfect", "Whisker & Co", "Good Paw"),
        ),
        Category(
            "Toys",
            (
                item("Chew Toy", 5, 24, "Rubber", "Rope"),
                item("Ball Launcher", 19, 129, "Automatic"),
                item("Feather Wand", 5, 19),
                item("Puzzle Feeder", 12, 39, "Slow-Feed"),
            ),
            ("Tailwag", "Playpaw", "Purrfect"),
        ),
        Category(
            "Beds & Crates",
            (
                item("Dog Bed", 29, 149, "Orthopedic", "Bolster"),
                item("Travel Crate", 39, 169, "Collapsible"),
                item("Heated Cat Bed", 29, 79),
                item("Playpen", 49, 129, "Foldable"),
            ),
            ("Restwell", "Tailwag", "Playpaw"),
        ),
        Category(
            "Health",
            (
                item("Flea Treatment", 19, 79, "3-Month", "6-Month"),
                item("Joint Supplement", 19, 59, "Chewable"),
                item("Grooming Brush", 9, 39, "Deshedding"),
                item("Pet Shampoo", 8, 24, "Oatmeal"),
            ),
            ("VetSure", "Good Paw", "Heartland"),
        ),
        Category(
            "Aquarium",
            (
                item("Aquarium Filter", 19, 99, "Canister", "Hang-On"),
                item("Fish Tank", 39, 299, "20-Gallon", "10-Gallon"),
                item("Aquarium Heater", 15, 49, "100W"),
                item("Fish Flakes", 4, 15, "Tropical"),
            ),
            ("AquaPure", "Reefline"),
        ),
    )
)

HOME = Catalog(
    (
        Category(
            "Kitchen",
            (
                item("Chef's Knife", 29, 179, "8-inch", "Damascus"),
                item("Cast Iron Skillet", 24, 89, "12-inch", "10-inch"),
                item("Dutch Oven", 49, 329, "Enameled", "5.5-Quart"),
                item("Cutting Board", 15, 69, "Walnut", "Bamboo"),
                item("Pour-Over Coffee Set", 25, 79, "Glass"),
            ),
            ("Hearthware", "Copperleaf", "Maison Rue"),
        ),
        Category(
            "Bedding",
            (
                item("Duvet Cover", 49, 199, "Linen", "Percale", "Queen"),
                item("Sheet Set", 39, 189, "Sateen", "King"),
                item("Pillow", 19, 89, "Memory Foam", "Down-Alternative"),
                item("Weighted Blanket", 59, 179, "15 lb"),
            ),
            ("Restwell", "Linenhouse", "Maison Rue"),
        ),
        Category(
            "Bath",
            (
                item("Bath Towel Set", 29, 99, "Turkish Cotton"),
                item("Bath Mat", 15, 49, "Memory Foam"),
                item("Shower Curtain", 19, 59, "Waffle"),
            ),
            ("Linenhouse", "Aqualine"),
        ),
        Category(
            "Lighting",
            (
                item("Floor Lamp", 49, 249, "Arc", "Tripod"),
                item("Table Lamp", 29, 129, "Ceramic", "Brass"),
                item("LED Bulb Pack", 9, 39, "Dimmable", "Warm White"),
                item("String Lights", 12, 49, "Solar"),
            ),
            ("Lumeno", "Brightwell"),
        ),
        Category(
            "Storage",
            (
                item("Storage Basket", 14, 59, "Woven", "Large"),
                item("Closet Organizer", 29, 119, "Hanging"),
                item("Shoe Rack", 19, 79, "Bamboo", "3-Tier"),
                item("Drawer Dividers", 9, 29),
            ),
            ("Tidyhome", "Maison Rue"),
        ),
        Category(
            "Cleaning",
            (
                item("Stick Vacuum", 99, 399, "Cordless"),
                item("Steam Mop", 59, 149),
                item("Microfiber Cloths", 9, 24, "24-Pack"),
                item("Robot Vacuum", 179, 599, "Self-Emptying"),
            ),
            ("Tidyhome", "Brightwell", "Cleanloop"),
        ),
    )
)

BEAUTY = Catalog(
    (
        Category(
            "Skincare",
            (
                item("Facial Cleanser", 9, 39, "Gentle", "Foaming"),
                item("Moisturizer", 14, 69, "Oil-Free", "Night"),
                item("Vitamin C Serum", 19, 79),
                item("Sunscreen SPF 50", 11, 39, "Mineral", "Tinted"),
            ),
            ("Dermaleaf", "Lumiere", "Pure Botanica"),
        ),
        Category(
            "Hair Care",
            (
                item("Shampoo", 8, 36, "Sulfate-Free", "Volumizing"),
                item("Conditioner", 8, 36, "Repairing"),
                item("Hair Dryer", 39, 249, "Ionic", "Compact"),
                item("Hair Oil", 12, 48, "Argan"),
            ),
            ("Silkroot", "Lumiere", "Pure Botanica"),
        ),
        Category(
            "Makeup",
            (
                item("Mascara", 8, 32, "Waterproof", "Lengthening"),
                item("Lipstick", 9, 38, "Matte", "Satin"),
                item("Foundation", 14, 52, "Light Coverage"),
                item("Eyeshadow Palette", 15, 65, "Neutral"),
            ),
            ("Velvette", "Lumiere", "Rosebay"),
        ),
        Category(
            "Fragrance",
            (
                item("Eau de Parfum", 39, 159, "50 ml", "100 ml"),
                item("Body Mist", 12, 35, "Citrus"),
                item("Scented Candle", 18, 58, "Cedar", "Fig"),
            ),
            ("Maison Rue", "Rosebay"),
        ),
        Category(
            "Tools",
            (
                item("Makeup Brush Set", 15, 69, "Vegan"),
                item("Facial Roller", 12, 39, "Jade"),
                item("Nail Care Kit", 12, 45),
            ),
            ("Velvette", "Silkroot"),
        ),
    )
)

SPORTS = Catalog(
    (
        Category(
            "Fitness",
            (
                item("Yoga Mat", 19, 89, "Non-Slip", "Extra Thick"),
                item("Adjustable Dumbbells", 99, 399, "25 lb", "50 lb"),
                item("Resistance Bands", 12, 39, "5-Pack"),
                item("Kettlebell", 24, 99, "16 kg", "12 kg"),
                item("Foam Roller", 15, 45, "Textured"),
            ),
            ("Corefit", "Ironwave", "Motion Lab"),
        ),
        Category(
            "Cycling",
            (
                item("Bike Helmet", 39, 199, "MIPS", "Commuter"),
                item("Bike Lights Set", 19, 79, "USB Rechargeable"),
                item("Floor Pump", 24, 79, "Digital"),
                item("Bike Lock", 19, 99, "U-Lock"),
                item("Cycling Gloves", 14, 49, "Padded"),
            ),
            ("Velocor", "Ridgeline", "Motion Lab"),
        ),
        Category(
            "Running",
            (
                item("Running Shoes", 79, 199, "Cushioned", "Racing"),
                item("Running Belt", 14, 39),
                item("Running Jacket", 49, 149, "Reflective"),
                item("Sports Socks", 9, 24, "3-Pack"),
            ),
            ("Stride", "Motion Lab", "Velocor"),
        ),
        Category(
            "Team Sports",
            (
                item("Soccer Ball", 19, 79, "Match", "Training"),
                item("Basketball", 19, 69, "Indoor"),
                item("Shin Guards", 12, 39),
                item("Volleyball", 19, 59, "Beach"),
            ),
            ("Goalline", "Corefit"),
        ),
        Category(
            "Racket Sports",
            (
                item("Tennis Racket", 49, 249, "Graphite"),
                item("Pickleball Paddle Set", 29, 129, "Carbon"),
                item("Tennis Balls", 4, 12, "3-Can"),
                item("Badminton Set", 24, 79),
            ),
            ("Baseline", "Goalline"),
        ),
    )
)
