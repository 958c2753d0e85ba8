"""The data-quality checks: run over many worlds of every family they find nothing, and each finds the
defect it is for when one is planted."""

from __future__ import annotations

import re

import pytest

from generator.assemble import build_world
from generator.families import DOMAINS
from generator.modules import MODULES
from generator.modules.insurance import line_of
from generator.naming import series
from generator.quality import categories, check_world, reviews, sentiment, slips
from generator.world import World

WORLDS = 2 * len(DOMAINS)
"""Two variants of every domain."""


@pytest.fixture(scope="module")
def worlds() -> list[World]:
    return [build_world(0, index) for index in range(WORLDS)]


def test_worlds_of_every_domain_have_no_data_quality_problems(worlds: list[World]) -> None:
    problems = [f"{w.env_id()}: {p}" for w in worlds for p in check_world(w).problems]

    assert problems == []


def test_at_most_thirty_percent_of_money_values_are_whole_or_half_dollars(worlds: list[World]) -> None:
    found = [check_world(w) for w in worlds]
    values = sum(q.money_values for q in found)

    assert sum(q.half_dollars for q in found) / values <= 0.30


def test_customers_write_from_personal_providers_and_staff_from_the_business(worlds: list[World]) -> None:
    found = [check_world(w) for w in worlds]

    assert sum(q.personal_emails for q in found) == sum(q.emails for q in found) > 0


def retail(worlds: list[World]) -> World:
    return next(w for w in worlds if w.has("product") and w.has("category") and w.has("review"))


def test_a_product_filed_under_another_category_is_found(worlds: list[World]) -> None:
    w = retail(worlds)
    product, category = w.e("product"), w.e("category")
    row = product.rows[0]
    elsewhere = next(c for c in category.rows if c["id"] != row[category.id_arg])
    row[category.id_arg] = elsewhere["id"]
    try:
        assert any(str(row["name"]) in p for p in categories(w))
    finally:
        w.tasks.clear()


def test_a_review_whose_text_contradicts_its_stars_is_found(worlds: list[World]) -> None:
    w = retail(worlds)
    review = w.e("review").rows[0]
    review["stars"], review["title"], review["body"] = 5, "Terrible", "Broken on arrival. Avoid."

    assert any("5-star review" in p for p in reviews(w))


@pytest.mark.parametrize(
    ("text", "slip"),
    [
        ("Please book a urgent repair.", "'a urgent'"),
        ("She bought an unit.", "'an unit'"),
        ("Add 1 items to the cart.", "'1 items'"),
        ("Cancel the the booking.", "'the the'"),
        ("Hello {name}, welcome.", "an unfilled placeholder"),
    ],
)
def test_each_grammar_slip_is_named(text: str, slip: str) -> None:
    assert slip in slips(text)


def test_clean_sentences_have_no_slips() -> None:
    assert slips("Book an hour with an advisor, a unit on a one-way street, and an urgent repair.") == []


def test_review_sentiment_reads_praise_and_complaints() -> None:
    assert sentiment("Excellent, highly recommend") == 1
    assert sentiment("Not great, the strap broke") == -1
    assert sentiment("Does what it says") == 0


# Refusals whose reason carries no value of its own: the instruction asks for the value the answer must
# state, so a right refusal never fails for not guessing which figure to mention.
ASKS_FOR_ITS_VALUE = (
    "cancel-nonrefundable-refused",
    "approve-unpaid-refused",
    "void-paid-invoice-refused",
    "same-day-cancel-refused",
    "cancel-same-day-refused",
)


def test_refusals_expect_a_value_a_careful_agent_states(worlds: list[World]) -> None:
    refusals = [t for w in worlds for t in w.tasks if t.refusal]
    asked = [t for t in refusals if t.kind in ASKS_FOR_ITS_VALUE]

    assert {t.kind for t in asked} == set(ASKS_FOR_ITS_VALUE)
    assert [t.instruction for t in asked if "tell me" not in t.instruction] == []
    assert [(t.kind, t.answer) for t in refusals if "0" in t.answer] == []


def test_lookups_name_a_field_by_a_noun_phrase_that_measures_something(worlds: list[World]) -> None:
    """Not "What is the how urgent of the support ticket", "the date they joined of the patient", "the
    highest most it can carry" or "the highest desk extension"."""
    clause = {"how", "what", "when", "where", "who", "which", "whether", "why", "they", "we", "you", "it"}
    details = [c.instruction for w in worlds for c in w.tasks if c.kind == "record-detail"]
    extremes = [c.instruction for w in worlds for c in w.tasks if c.kind == "highest-or-lowest"]
    fields = [q.removeprefix("What is the ").split(" of the ")[0] for q in details]
    ranked = [re.sub(r".* has the (highest|lowest) ", "", q).removesuffix(", and what is it?") for q in extremes]

    assert len(details) >= len(worlds) // 2
    assert len(extremes) >= len(worlds) // 2
    assert [f for f in fields + ranked if clause & set(f.lower().split())] == []
    assert [f for f in ranked if "extension" in f] == []  # asking for one is fine; ranking by one is not


@pytest.mark.parametrize(("items", "said"), [(["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")])
def test_a_series_reads_as_a_sentence_lists_it(items: list[str], said: str) -> None:
    assert series(items) == said


def test_claims_and_coverages_fit_their_policys_line(worlds: list[World]) -> None:
    """No water leak on a travel policy, no collision cover on a home, no windshield claimed on a trip."""
    insured = [w for w in worlds if w.has("claim")]
    assert insured
    for w in insured:
        policies = w.e("policy")
        for claim in w.e("claim").rows:
            line = line_of(w, policies.by_id(claim[policies.id_arg]))
            assert claim["description"] in line.incidents, (w.env_id(), claim["description"])
            docs = [d for d in w.e("claim_document").rows if d[w.e("claim").id_arg] == claim["id"]]
            assert {d["kind"] for d in docs} <= set(line.documents), w.env_id()
        for cover in w.e("coverage").rows:
            assert cover["name"] in line_of(w, policies.by_id(cover[policies.id_arg])).covers, w.env_id()
        filed = [c for c in w.tasks if c.kind in ("file-claim-with-documents", "late-claim-refused")]
        for task in filed:
            call = next(c for c in [*task.calls, *task.otherwise] if "description" in c.arguments)
            policy = policies.by_id(call.arguments[policies.id_arg])
            assert call.arguments["description"] in line_of(w, policy).incidents, task.instruction


def test_lists_of_people_and_sections_read_as_sentences(worlds: list[World]) -> None:
    """Not "for me and Hannah Hansen, Abigail Rossi and Laila Nakamura" or "sections ENGL 307-AS, BIOL 108-AS"."""
    kinds = {"book-stay-party", "enroll-several"}
    texts = [
        made.instruction
        for w in worlds
        for key in w.variant.modules
        for kind in MODULES[key].tasks
        if kind.key in kinds
        for _ in range(12)
        if (made := kind.make(w)) is not None
    ]
    two_ands = [t for t in texts if re.search(r"\bme and [^.;:\"]*, [^.;:\"]* and ", t)]
    no_and = [t for t in texts if re.search(r"sections [A-Z]+ \d+-\w+, [A-Z]+ \d+-\w+ this term", t)]

    assert sum("Please book" in t for t in texts) >= 20
    assert sum("Please enroll" in t for t in texts) >= 20
    assert two_ands == []
    assert no_and == []
