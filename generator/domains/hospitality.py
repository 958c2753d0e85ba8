"""Hospitality: hotels, restaurants, venues."""

from generator.spec import Domain

DOMAINS = (
    Domain(
        key="boutique_hotel", area="hospitality", about="a boutique hotel in {city}",
        titles=("The {adj} {city} Hotel", "{surname} House Hotel", "Hotel {color} of {city}"),
        party=("guest",), resource=("room", "suite"),
        items=("Garden Room", "Harbor Suite", "Loft", "Courtyard Double", "Attic Single", "Corner King", "Terrace Twin", "Family Room"),
        categories=("Standard", "Deluxe", "Suite", "Accessible", "Family"),
        txn=("reservation", "booking"), verb="book", mode="per_date", states=("confirmed", "checked_in", "checked_out", "cancelled"),
        moves=("check in", "check out"), price=(90, 650), capacity=(1, 2), date_label="arrival date", qty="",
        party_extras=("nationality:enum:US|CA|MX|GB|DE|FR|JP|BR", "vip:bool"), resource_extras=("floor:int:1..12", "view:enum:city|garden|sea|courtyard"),
        txn_extras=("nights:int:1..14", "breakfast:bool"), staff=("receptionist", "concierge"), case=("guest request", "complaint"),
        plan=("membership",), plan_names=("Club", "Club Plus", "Club Elite"), location=("property",),
    ),
)
