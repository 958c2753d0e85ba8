"""Finance: banks, lenders, insurers."""

from generator.spec import Domain

DOMAINS = (
    Domain(
        key="community_bank", area="finance", about="a community bank branch network in {city}",
        titles=("{city} Community Bank", "{surname} Savings & Loan", "First {adj} Bank of {city}"),
        party=("client", "member"), resource=("advisory service", "banking product"),
        items=("Mortgage Consultation", "Retirement Review", "Small Business Loan Review", "Safe Deposit Box", "Tax Planning Session",
               "Credit Counseling", "Estate Planning Meeting", "Notary Service"),
        categories=("Lending", "Wealth", "Everyday Banking", "Business"),
        txn=("appointment", "meeting"), verb="schedule", mode="per_date", states=("scheduled", "in_progress", "completed", "cancelled"),
        moves=("start", "complete"), price=(0, 300), capacity=(1, 4), date_label="appointment date", qty="",
        party_extras=("credit_score:int:300..850", "segment:enum:retail|private|business"), resource_extras=("duration_minutes:int:15..120",),
        staff=("banker", "advisor"), case=("dispute", "service request"), account=("bank account", "deposit account"),
        modules=("notes", "addresses", "locations"), location=("branch",),
    ),
)
