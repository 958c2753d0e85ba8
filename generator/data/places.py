"""Places: cities with their states, street names and kinds."""

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

STREETS = tuple(
    """
    Oak Bluff Maple Cedar Pine Elm Birch Willow Harbor River Lake Hill Park Meadow Orchard Spring
    Sunset Ridge Valley Forest Market Mill Church Bridge Station College Garden Union Franklin
    Lincoln Highland
    """.split()
)

STREET_KINDS = ("Street", "Avenue", "Road", "Lane", "Drive", "Way", "Court", "Boulevard")
