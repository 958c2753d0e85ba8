"""Finance: banks, credit unions, insurers, lenders, advisers."""

from generator.spec import Domain

MEETING = dict(mode="per_date", states=("scheduled", "in_progress", "completed", "cancelled"), moves=("start", "complete"),
               verb="schedule", date_label="appointment date", qty="")

DOMAINS = (
    Domain(
        key="community_bank", area="finance", about="a community bank branch network in {city}",
        titles=("{city} Community Bank", "{surname} Savings & Loan", "First {adj} Bank of {city}"),
        party=("client", "member"), resource=("advisory service", "banking service"),
        items=("Mortgage Consultation", "Retirement Review", "Small Business Loan Review", "Safe Deposit Box", "Tax Planning Session",
               "Credit Counseling", "Estate Planning Meeting", "Notary Service"),
        categories=("Lending", "Wealth", "Everyday Banking", "Business"), txn=("appointment", "meeting"), price=(0, 300), capacity=(1, 4),
        party_extras=("credit_score:int:300..850", "segment:enum:retail|private|business"), resource_extras=("duration_minutes:int:15..120",),
        staff=("banker", "advisor"), case=("dispute", "service request"), account=("bank account", "deposit account"),
        modules=("notes", "addresses", "locations"), location=("branch",), **MEETING,
    ),
    Domain(
        key="credit_union", area="finance", about="a member-owned credit union in {city}",
        titles=("{city} Federal Credit Union", "{adj} Valley Credit Union", "{surname} Workers Credit Union"),
        party=("member",), resource=("loan product", "product"),
        items=("Auto Loan", "Personal Loan", "Home Equity Line", "Share Certificate", "Student Refinance", "Credit Builder Loan", "Boat Loan",
               "Holiday Loan"),
        categories=("Loans", "Savings", "Cards", "Mortgages"), txn=("application", "loan application"), verb="submit",
        say="Start a {res} application for {party}{many}", mode="total", states=("submitted", "under_review", "approved", "withdrawn"),
        moves=("review", "approve"), price=(0, 150), capacity=(5, 40), date_label="application date", qty="",
        party_extras=("employer:text:City Schools|Metro Transit|County Hospital|Self-employed", "annual_income:money:15000..250000"),
        resource_extras=("apr_percent:int:2..25", "term_months:int:6..360"), txn_extras=("requested_amount:money:500..90000",),
        staff=("loan officer",), case=("member inquiry",), account=("share account", "savings account"), modules=("notes", "addresses", "payments"),
    ),
    Domain(
        key="insurance_agency", area="finance", about="an insurance agency in {city} selling home, auto and life cover",
        titles=("{surname} Insurance Agency", "{city} Mutual Insurance", "{adj} Shield Insurance"),
        party=("policyholder", "client"), resource=("coverage plan", "policy type"),
        items=("Basic Auto", "Full Auto", "Renters Cover", "Homeowners Plus", "Term Life 20", "Whole Life", "Pet Health", "Travel Protect",
               "Umbrella Liability", "Flood Cover"),
        categories=("Auto", "Home", "Life", "Specialty"), txn=("policy", "enrollment"), verb="issue",
        say="Issue a {res} policy for {party}{many}", mode="total", states=("pending_start", "active", "expired", "cancelled"),
        moves=("activate", "expire"), price=(15, 900), capacity=(20, 200), date_label="start date", qty="",
        party_extras=("date_of_birth:date", "smoker:bool"), resource_extras=("deductible:money:0..5000",),
        txn_extras=("payment_frequency:enum:monthly|quarterly|annual",), staff=("agent", "underwriter"), case=("claim", "claim file"),
        modules=("payments", "notes", "addresses"),
    ),
    Domain(
        key="wealth_advisory", area="finance", about="a wealth advisory firm in {city}",
        titles=("{surname} Wealth Partners", "{city} Capital Advisors", "{adj} Harbor Wealth"),
        party=("client", "investor"), resource=("service", "advisory session"),
        items=("Portfolio Review", "Retirement Plan", "College Savings Plan", "Tax-Loss Review", "Estate Review", "Risk Assessment", "Rebalancing Session"),
        categories=("Planning", "Investing", "Tax", "Estate"), txn=("meeting", "review"), price=(0, 900), capacity=(1, 3),
        party_extras=("risk_profile:enum:conservative|balanced|growth|aggressive", "net_worth:money:10000..5000000"),
        staff=("advisor", "planner"), case=("client request",), account=("investment account", "brokerage account"),
        modules=("notes", "addresses", "payments"), **MEETING,
    ),
    Domain(
        key="tax_preparation", area="finance", about="a tax preparation office in {city}",
        titles=("{surname} Tax Services", "{city} Tax Pros", "{adj} Ledger Tax"),
        party=("client", "filer"), resource=("service", "filing service"),
        items=("Individual Return", "Joint Return", "Small Business Return", "Amended Return", "State Return", "Audit Support", "Bookkeeping Hour",
               "Payroll Setup"),
        categories=("Individual", "Business", "Advisory"), txn=("appointment",), price=(40, 600), capacity=(1, 5),
        party_extras=("filing_status:enum:single|married_joint|married_separate|head_of_household", "dependents:int:0..8"),
        resource_extras=("turnaround_days:int:1..30",), txn_extras=("documents_received:bool",), staff=("preparer", "accountant"),
        case=("notice response",), modules=("payments", "notes", "addresses", "reviews"), **MEETING,
    ),
)
