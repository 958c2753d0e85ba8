"""Commerce: shops and marketplaces."""

from generator.spec import Domain

DOMAINS = (
    Domain(
        key="outdoor_gear_shop", area="commerce", about="an outdoor gear shop in {city} that sells online and in store",
        titles=("{city} Outfitters", "{surname} Outdoor Supply", "Trailhead Gear Co of {city}"),
        party=("customer", "shopper"), resource=("product", "item"),
        items=("Hiking Boots", "Rain Jacket", "Trekking Poles", "Camp Stove", "Sleeping Bag", "Headlamp", "Daypack", "Water Filter",
               "Tent Footprint", "Fleece Hoodie", "Trail Runners", "Dry Bag", "Camp Chair", "Bear Canister", "Compass"),
        categories=("Footwear", "Clothing", "Camping", "Climbing", "Navigation", "Water Sports", "Accessories"),
        txn=("order", "purchase"), verb="place", mode="stock", states=("placed", "shipped", "delivered", "cancelled"),
        moves=("ship", "deliver"), price=(8, 450), date_label="order date", qty="units",
        party_extras=("newsletter:bool", "shoe_size:int:4..15"), resource_extras=("brand:enum:Northpeak|Ridgeline|Alder|Summit Co", "weight_grams:int:50..4000", "sku:code"),
        txn_extras=("gift_wrap:bool", "channel:enum:web|store|phone"), staff=("sales associate", "clerk"), case=("support ticket", "return request"),
        account=("store credit account", "gift card"), modules=("payments", "reviews", "notes", "addresses"),
    ),
)
