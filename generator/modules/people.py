"""The people of a business: its customers (patients, guests, students...), their addresses, their
payment methods, and its staff."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, call
from generator.data.places import CITIES
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, unique_by
from generator.schema import Entity
from generator.tooling import Step, check, execute, id_arg, make_tool, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

EVERY = frozenset(
    {
        "retail",
        "food",
        "travel",
        "lodging",
        "health",
        "banking",
        "insurance",
        "education",
        "government",
        "logistics",
        "software",
        "media",
        "property",
        "events",
        "hr",
    }
)
TIERS = ("standard", "silver", "gold", "platinum")


@dataclass(frozen=True)
class CustomerKit:
    search: str
    get: str
    create: str
    update: str


def build_customers(w: World) -> None:
    noun = w.noun("customer")
    columns = [
        s.person("name", "full name"),
        s.email(),
        s.phone(),
        s.day("joined_on", "date they joined", mutable=False),
    ]
    if w.feature("customer.tier"):
        columns.append(s.enum("tier", "loyalty tier", TIERS))
    if w.feature("customer.status"):
        columns.append(s.enum("status", "account status", ("active", "suspended")))
    ent = w.add(Entity("customer", noun, columns, "name", f"the {noun.plural_words} of {w.title}"))
    for _ in range(w.rng.randint(28, 56)):
        name = w.people.name()
        row = ent.add(
            name=name,
            email=w.people.personal_email(name),
            phone=w.people.phone() if w.chance(0.85) else None,
            joined_on=days_ago(w, 20, 2200),
        )
        if ent.has("tier"):
            row["tier"] = w.pick(("standard", "standard", "standard", "silver", "silver", "gold", "platinum"))
        if ent.has("status"):
            row["status"] = "suspended" if w.chance(0.08) else "active"
    if ent.has("status"):
        w.fact(f"Suspended {noun.plural_words} cannot place new orders or bookings until they are reactivated.")


def customer_tools(w: World) -> None:
    ent = w.e("customer")
    filters = [c for c in ("tier", "status") if ent.has(c)]
    search = crud.search(w, ent, text=["name", "email"], filters=filters, sorts=["name", "joined_on"])
    get = crud.get(w, ent, about="contact details and account information")
    creatable = [c for c in ent.columns if c.name not in ("joined_on", "tier", "status")]
    fixed = {"joined_on": ":_today"} | ({"tier": "'standard'"} if ent.has("tier") else {})
    fixed |= {"status": "'active'"} if ent.has("status") else {}
    create = crud.create(w, ent, creatable, fixed=fixed, about=f"Register a new {ent.label}")
    mutable = [c for c in ent.columns if c.mutable and c.name not in ("name",)]
    update = crud.update(w, ent, mutable, about=f"Change {ent.noun.a()}'s contact details or account")
    w.put(CustomerKit(search, get, create, update))


def _register(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(CustomerKit), w.e("customer")
    name = w.people.name()
    email = w.people.personal_email(name)
    phone = w.people.phone()
    args: dict[str, object] = {"name": name, "email": email, "phone": phone}
    return TaskCandidate(
        kind="register-customer",
        instruction=f"Please set up {ent.noun.a()} record for {name}: email {email}, phone {phone}.",
        calls=[find(w, "customer", {"name": name, "email": email}, "email"), call(kit.create, **args)],
        difficulty="easy",
        tags=["write", "create"],
    )


def _change_contact(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(CustomerKit), w.e("customer")
    row = w.pick(ent.rows)
    new_email = w.people.personal_email(str(row["name"]))
    new_phone = w.people.phone()
    text = (
        f"{row['name']} ({row['email']}) has a new email address, {new_email}, and a new phone number, {new_phone}. "
        "Please update their profile and leave everything else as it is."
    )
    return TaskCandidate(
        kind="update-contact",
        instruction=text,
        calls=[
            find(w, "customer", row, "email"),
            call(kit.update, **{ent.id_arg: row["id"], "email": new_email, "phone": new_phone}),
        ],
        difficulty="easy",
        tags=["write"],
    )


def _email_typo(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(CustomerKit), w.e("customer")
    row = w.pick(ent.rows)
    right = w.people.personal_email(str(row["name"]))
    v = voice(w, row)
    text = v.say(f"The email address on {v.my} account is wrong; it should be {right}. Please correct it.")
    return TaskCandidate(
        kind="correct-email",
        instruction=text,
        calls=[find(w, "customer", row, "email"), call(kit.update, **{ent.id_arg: row["id"], "email": right})],
        difficulty="easy",
        tags=["write"],
    )


def _contact_card(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(CustomerKit), w.e("customer")
    if not ent.has("phone"):
        return None
    pool = [r for r in unique_by(ent.rows, "name") if r.get("phone")]
    if len(pool) < 3:
        return None
    row = w.pick(pool)
    text = f"A colleague needs to call {row['name']}. What phone number and email address do we have for them?"
    return TaskCandidate(
        kind="contact-details",
        instruction=text,
        calls=[call(kit.search, query=str(row["name"])), call(kit.get, **{ent.id_arg: row["id"]})],
        answer=[str(row["phone"]), str(row["email"])],
        competing=[str(r["phone"]) for r in pool if r is not row][:6],
        difficulty="easy",
        tags=["lookup"],
    )


CUSTOMERS = Module(
    key="customers",
    about="the people the business serves, with contact details",
    fits=EVERY,
    build=build_customers,
    tools=customer_tools,
    tasks=(
        TaskKind("register-customer", _register),
        TaskKind("update-contact", _change_contact),
        TaskKind("correct-email", _email_typo),
        TaskKind("contact-details", _contact_card),
    ),
    features=("customer.tier", "customer.status"),
)


# --- addresses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressKit:
    list: str
    add: str
    set_default: str


def build_addresses(w: World) -> None:
    cust = w.e("customer")
    ent = w.add(
        Entity(
            "address",
            w.noun("address", "address|addresses"),
            [
                s.ref(cust),
                s.enum("label", "what the address is", ("home", "work", "other")),
                s.text("street", "street and number"),
                s.text("city", "city"),
                s.text("state", "state"),
                s.text("postal_code", "postal code"),
                s.flag("is_default", "whether it is the default address"),
            ],
            "street",
            f"where {cust.plural_label} want things sent",
        )
    )
    for person in cust.rows:
        count = w.pick((1, 1, 1, 2, 2, 3))
        for n, label in enumerate(("home", "work", "other")[:count]):
            city, state = (w.city, w.state) if label == "home" or w.chance(0.6) else w.pick(CITIES)
            addr = w.people.address(city, state)
            ent.add(
                **{cust.id_arg: person["id"]},
                label=label,
                street=addr.street,
                city=city,
                state=state,
                postal_code=addr.postal_code,
                is_default=1 if n == 0 else 0,
            )


def address_tools(w: World) -> None:
    ent, cust = w.e("address"), w.e("customer")
    listing = crud.search(
        w,
        ent,
        scope=[cust.id_arg],
        filters=["label"],
        sorts=["label", "city"],
        name=f"list_{cust.noun.snake}_addresses",
    )
    editable = [c for c in ent.columns if c.name not in ("is_default",)]
    add = crud.create(w, ent, editable, fixed={"is_default": "0"}, about=f"Add an address for {cust.noun.a()}")
    program: list[Step] = [
        crud.exists(w, ent),
        execute(
            f"UPDATE {ent.table} SET is_default = (id = :{ent.id_arg}) WHERE {cust.id_arg} = "
            f"(SELECT {cust.id_arg} FROM {ent.table} WHERE id = :{ent.id_arg})"
        ),
        ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = :{ent.id_arg}"),
    ]
    props = {ent.id_arg: id_arg("the address's id")}
    set_default = w.tool(
        make_tool(
            f"set_default_{ent.noun.snake}",
            f"Make an address the {cust.label}'s default (their other addresses stop being the default).",
            props,
            [ent.id_arg],
            program,
            row_schema(w, ent),
            idempotent=True,
        )
    )
    w.put(AddressKit(listing, add, set_default))


def _new_default_address(w: World) -> TaskCandidate | None:
    kit, cust = w.kit(AddressKit), w.e("customer")
    person = w.pick(cust.rows)
    addr = w.people.address(w.city, w.state)
    args = {
        cust.id_arg: person["id"],
        "label": "home",
        "street": addr.street,
        "city": w.city,
        "state": w.state,
        "postal_code": addr.postal_code,
    }
    text = (
        f"{person['name']} ({person['email']}) has moved to {addr.street}, {w.city}, {w.state} {addr.postal_code}. "
        "Add it as their home address and make it the default one; keep the old addresses on file."
    )
    return TaskCandidate(
        kind="new-default-address",
        instruction=text,
        calls=[
            find(w, "customer", person, "email"),
            call(kit.list, **{cust.id_arg: person["id"]}),
            call(kit.add, **args),
            call(kit.set_default, **{w.e("address").id_arg: len(w.e("address").rows) + 1}),
        ],
        difficulty="medium",
        tags=["write", "multi-step"],
    )


ADDRESSES = Module(
    key="addresses",
    about="customers' addresses, one of them the default",
    fits=frozenset({"retail", "food", "logistics", "property", "health", "government"}),
    build=build_addresses,
    tools=address_tools,
    tasks=(TaskKind("new-default-address", _new_default_address),),
    needs=("customers",),
)


# --- payment methods -----------------------------------------------------------------------------

CARD_BRANDS = ("Visa", "Mastercard", "Amex", "Discover")


@dataclass(frozen=True)
class CardKit:
    list: str
    add: str
    set_default: str


def build_payment_methods(w: World) -> None:
    cust = w.e("customer")
    ent = w.add(
        Entity(
            "payment_method",
            w.noun("payment_method", "payment method"),
            [
                s.ref(cust),
                s.enum("brand", "card brand", CARD_BRANDS),
                s.text("last4", "last four digits", mutable=False),
                s.text("expires", "expiry month (YYYY-MM)"),
                s.flag("is_default", "whether it is the default"),
                s.enum("status", "usable or not", ("active", "expired")),
            ],
            "last4",
            f"the cards {cust.plural_label} keep on file",
        )
    )
    year = int(w.today[:4])
    for person in cust.rows:
        for k in range(w.pick((1, 1, 2, 2, 3))):
            expired = k > 0 and w.chance(0.2)
            yy = year - 1 if expired else year + w.rng.randint(1, 4)
            ent.add(
                **{cust.id_arg: person["id"]},
                brand=w.pick(CARD_BRANDS),
                last4=f"{w.rng.randrange(0, 10000):04d}",
                expires=f"{yy}-{w.rng.randint(1, 12):02d}",
                is_default=1 if k == 0 else 0,
                status="expired" if expired else "active",
            )


def payment_method_tools(w: World) -> None:
    ent, cust = w.e("payment_method"), w.e("customer")
    listing = crud.search(
        w, ent, scope=[cust.id_arg], filters=["status", "brand"], sorts=["brand"], name=f"list_{cust.noun.snake}_cards"
    )
    add = crud.create(
        w,
        ent,
        [ent.col(cust.id_arg), ent.col("brand"), ent.col("last4"), ent.col("expires")],
        fixed={"is_default": "0", "status": "'active'"},
        about=f"Save a new card for {cust.noun.a()}",
        example={cust.id_arg: 1, "brand": "Visa", "last4": "4242", "expires": f"{int(w.today[:4]) + 2}-06"},
        guards=[
            check("SELECT length(:last4) = 4 AND :last4 GLOB '[0-9][0-9][0-9][0-9]'", "last4 must be four digits"),
            check("SELECT :expires >= substr(:_today, 1, 7)", "that card expired in {expires}; ask for a valid one"),
        ],
    )
    program: list[Step] = [
        crud.exists(w, ent),
        check(
            f"SELECT status = 'active' FROM {ent.table} WHERE id = :{ent.id_arg}",
            "an expired card cannot be the default; add a valid card first",
        ),
        execute(
            f"UPDATE {ent.table} SET is_default = (id = :{ent.id_arg}) WHERE {cust.id_arg} = "
            f"(SELECT {cust.id_arg} FROM {ent.table} WHERE id = :{ent.id_arg})"
        ),
        ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = :{ent.id_arg}"),
    ]
    example = next(({ent.id_arg: r["id"]} for r in ent.rows if r["status"] == "active"), None)
    set_default = w.tool(
        make_tool(
            f"set_default_{ent.noun.snake}",
            f"Make a card the {cust.label}'s default for payments (their other cards stop being the default).",
            {ent.id_arg: id_arg("the card's id")},
            [ent.id_arg],
            program,
            row_schema(w, ent),
            idempotent=True,
            example=example,
        )
    )
    w.put(CardKit(listing, add, set_default))


def _new_card_default(w: World) -> TaskCandidate | None:
    kit, cust = w.kit(CardKit), w.e("customer")
    person = w.pick(cust.rows)
    brand, last4 = w.pick(CARD_BRANDS), f"{w.rng.randrange(0, 10000):04d}"
    expires = f"{int(w.today[:4]) + w.rng.randint(2, 5)}-{w.rng.randint(1, 12):02d}"
    v = voice(w, person)
    text = v.say(
        f"Please save {v.my} new {brand} card ending in {last4}, expiring {expires}, and make it the default for "
        "payments."
    )
    new_id = len(w.e("payment_method").rows) + 1
    calls = [
        find(w, "customer", person, "email"),
        call(kit.add, **{cust.id_arg: person["id"], "brand": brand, "last4": last4, "expires": expires}),
        call(kit.set_default, **{w.e("payment_method").id_arg: new_id}),
    ]
    return TaskCandidate(
        kind="new-default-card", instruction=text, calls=calls, difficulty="medium", tags=["write", "multi-step"]
    )


PAYMENT_METHODS = Module(
    key="payment_methods",
    about="cards customers keep on file, one the default",
    fits=frozenset({"retail", "food", "travel", "lodging", "media", "events", "software"}),
    build=build_payment_methods,
    tools=payment_method_tools,
    tasks=(TaskKind("new-default-card", _new_card_default),),
    needs=("customers",),
)


# --- staff ---------------------------------------------------------------------------------------

ROLES = {
    "retail": ("sales associate", "store manager", "warehouse clerk", "support agent"),
    "food": ("manager", "support agent", "dispatcher"),
    "health": ("nurse", "receptionist", "billing clerk", "pharmacist"),
    "lodging": ("front desk agent", "housekeeper", "night manager", "concierge"),
}


@dataclass(frozen=True)
class StaffKit:
    search: str


def build_staff(w: World) -> None:
    roles = ROLES.get(w.domain.family, ("coordinator", "manager", "support agent", "specialist"))
    ent = w.add(
        Entity(
            "staff",
            w.noun("staff", "staff member"),
            [
                s.person("name", "full name"),
                s.email(),
                s.enum("role", "job role", roles),
                s.flag("active", "whether they still work here"),
                s.day("hired_on", "date hired", mutable=False),
            ],
            "name",
            f"the people who work at {w.title}",
            table="staff_members",
        )
    )
    for k in range(w.rng.randint(6, 14)):
        name = w.people.name()
        ent.add(
            name=name,
            email=w.people.staff_email(name),
            role=roles[k % len(roles)] if k < len(roles) else w.pick(roles),
            active=0 if w.chance(0.1) else 1,
            hired_on=days_ago(w, 60, 3000),
        )


def staff_tools(w: World) -> None:
    ent = w.e("staff")
    w.put(StaffKit(crud.search(w, ent, text=["name", "email"], filters=["role", "active"], sorts=["name", "hired_on"])))


STAFF = Module(
    key="staff",
    about="the people who work there, with their roles",
    fits=EVERY,
    build=build_staff,
    tools=staff_tools,
)
