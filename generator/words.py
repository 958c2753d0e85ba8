"""Built-in word lists for plausible seed data: people, places, companies, descriptive words.

All ASCII (answers are matched after accent folding, and JSON escapes anything else), all fixed:
the same seed always draws the same words.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Aaron Abigail Adrian Aisha Alan Alice Amara Amir Ana Andre Angela Anika Arjun Ava Beatrice Ben Bianca "
    "Brandon Bruno Caleb Camila Carlos Carmen Chen Chloe Claire Daniel Daria David Diego Dmitri Elena Eli "
    "Elif Emma Eric Esther Ethan Farah Felix Fiona Gabriel Grace Hana Hannah Hassan Hector Helen Hugo Ian "
    "Ines Irene Isaac Ivan Jack Jade James Jasmine Javier Jin Joel Jonas Julia Kai Karim Kate Kenji Laila "
    "Lars Laura Leo Leila Lena Liam Lina Lucas Lucia Luis Maya Marco Maria Mateo Mei Mia Miguel Mila Nadia "
    "Naomi Nathan Nia Nikolai Noah Nora Olga Omar Oscar Paula Pedro Priya Quinn Rafael Rania Rosa Ruby "
    "Ryan Sakura Samir Sara Sean Sofia Sven Tara Teresa Theo Tomas Uma Victor Vera Wei Yara Yusuf Zara Zoe"
).split()

LAST_NAMES = (
    "Abbott Adams Ahmed Alvarez Andersen Bailey Baker Banerjee Barnes Becker Bennett Bianchi Brooks Castro "
    "Chang Chavez Clarke Cohen Collins Costa Cruz Das Dubois Edwards Eriksen Evans Ferrari Fischer Fleming "
    "Fontaine Foster Garcia Gomez Gonzalez Gray Green Gupta Hall Hansen Harris Hayes Hoffman Hughes Ibrahim "
    "Ito Jensen Johnson Kaur Keller Khan Kim Klein Kowalski Kumar Larsen Lee Lewis Lopez Martin Mendes "
    "Meyer Miller Moreau Morgan Murphy Nakamura Nguyen Novak Okafor Olsen Ortiz Park Patel Perez Petrov "
    "Price Quinn Ramos Reyes Richter Rivera Romano Rossi Russo Sato Schmidt Schneider Silva Singh Sousa "
    "Stewart Suzuki Tanaka Taylor Thomas Torres Turner Vargas Vogel Walker Wang Weber Wilson Wong Young Zhang"
).split()

CITIES = (
    ("Portland", "OR"),
    ("Austin", "TX"),
    ("Denver", "CO"),
    ("Madison", "WI"),
    ("Raleigh", "NC"),
    ("Boise", "ID"),
    ("Tucson", "AZ"),
    ("Savannah", "GA"),
    ("Burlington", "VT"),
    ("Santa Fe", "NM"),
    ("Ann Arbor", "MI"),
    ("Asheville", "NC"),
    ("Spokane", "WA"),
    ("Omaha", "NE"),
    ("Providence", "RI"),
    ("Richmond", "VA"),
    ("Sacramento", "CA"),
    ("Chattanooga", "TN"),
    ("Des Moines", "IA"),
    ("Charleston", "SC"),
    ("Albany", "NY"),
    ("Eugene", "OR"),
    ("Fort Collins", "CO"),
    ("Lexington", "KY"),
    ("Duluth", "MN"),
    ("Tacoma", "WA"),
    ("Reno", "NV"),
    ("Pasadena", "CA"),
    ("Durham", "NC"),
    ("Columbus", "OH"),
    ("Pittsburgh", "PA"),
    ("New Haven", "CT"),
    ("Boulder", "CO"),
    ("Missoula", "MT"),
    ("Flagstaff", "AZ"),
    ("Bend", "OR"),
)

STREETS = (
    "Oak Bluff Maple Cedar Pine Elm Birch Willow Harbor River Lake Hill Park Meadow Orchard Spring Sunset "
    "Ridge Valley Forest Market Mill Church Bridge Station College Garden Union Franklin Lincoln Highland"
).split()
STREET_KINDS = ("Street", "Avenue", "Road", "Lane", "Drive", "Way", "Court", "Boulevard")

COMPANY_WORDS = (
    "Acme Apex Beacon Blue Bright Cascade Cedar Clear Crest Delta Eagle Evergreen First Granite Harbor "
    "Horizon Iron Keystone Liberty Lumen Maple Meridian North Nova Oak Peak Pioneer Prairie Quartz Redwood "
    "Riverside Silver Summit Sterling True Union Vista West"
).split()
COMPANY_KINDS = ("Group", "Partners", "Labs", "Works", "Co", "Industries", "Systems", "Holdings", "Studio")

ADJECTIVES = (
    "Classic Deluxe Compact Premium Essential Standard Advanced Signature Golden Urban Coastal Alpine "
    "Heritage Modern Rustic Royal Smart Swift Grand Little Bright Quiet Bold Vintage Prime Summit Nordic"
).split()

COLORS = "Amber Azure Crimson Emerald Ivory Jade Onyx Scarlet Silver Teal Violet Cobalt Coral Slate".split()

NOTE_PHRASES = (
    "called to confirm the details",
    "prefers to be contacted by email",
    "asked about discounts for returning customers",
    "requested a receipt by email",
    "mentioned a change of address next month",
    "was happy with the last visit",
    "needs an accessible entrance",
    "asked to be reminded a day before",
    "prefers morning slots",
    "reported a billing question, resolved",
)

REVIEW_PHRASES = (
    "Great experience, would recommend",
    "Friendly staff and quick service",
    "Good value for the price",
    "Everything went as planned",
    "A bit slow but fine overall",
    "Excellent, exceeded expectations",
    "Not bad, some room for improvement",
    "Very professional and on time",
)

CASE_PHRASES = (
    "question about a charge",
    "request to update details",
    "problem with a recent {txn}",
    "complaint about waiting time",
    "request for a copy of documents",
    "issue with online access",
    "feedback about a {res}",
    "follow-up on a previous request",
    "urgent help needed with a {txn}",
    "question about opening hours",
)

PET_NAMES = "Biscuit Luna Max Milo Bella Charlie Daisy Oliver Pepper Rocky Coco Ziggy Nala Simba Toby".split()
