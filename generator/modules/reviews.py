"""Reviews: customers rate what a business offers (a product, a restaurant, a stay...), one review per
customer and subject, and the subject's average rating and review count follow every change."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator import schema as s
from generator.candidate import TaskCandidate, call
from generator.data.reviews import REVIEWS
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.schema import Entity, Row, Scalar
from generator.tooling import Step, check, execute, id_arg, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World


@dataclass(frozen=True)
class Reviewable:
    """What is reviewed here: the entity, the kind of text, and who may review it."""

    entity: str
    kind: str
    eligible: str = ""
    """SQL true when customer ``:<customer id>`` may review subject ``:<subject id>`` (empty: anyone)."""
    pairs: tuple[tuple[Scalar, Scalar], ...] = ()
    """(customer id, subject id) pairs that may review, when ``eligible`` restricts who may."""


@dataclass(frozen=True)
class ReviewKit:
    list: str
    post: str
    remove: str


def rating_columns(w: World) -> list[s.Column]:
    """The columns a reviewed entity carries when reviews are on."""
    if not w.on("reviews"):
        return []
    return [s.real("rating", "average stars (0 when unrated)", 0, 5), s.integer("review_count", "reviews", 0, 100000)]


def build_reviews(w: World) -> None:
    target = w.kit(Reviewable)
    subject, cust = w.e(target.entity), w.e("customer")
    ent = w.add(
        Entity(
            "review",
            w.noun("review"),
            [
                s.ref(subject),
                s.ref(cust),
                s.integer("stars", "stars from 1 to 5", 1, 5),
                s.text("title", "headline"),
                s.text("body", "what they wrote"),
                s.day("posted_on", "date posted"),
            ],
            "title",
            f"what {cust.plural_label} say about the {subject.plural_label}",
        )
    )
    pairs: set[tuple[object, object]] = set()
    for row in shuffled(w, subject.rows)[: max(3, len(subject.rows) * 2 // 3)]:
        taste = w.pick((5, 5, 4, 4, 4, 3, 2))
        for person in w.rng.sample(cust.rows, min(len(cust.rows), w.pick((1, 2, 2, 3, 4, 5)))):
            if (row["id"], person["id"]) in pairs:
                continue
            pairs.add((row["id"], person["id"]))
            stars = max(1, min(5, taste + w.pick((-2, -1, 0, 0, 0, 1))))
            title, body = w.pick(REVIEWS[target.kind][stars])
            ent.add(
                **{subject.id_arg: row["id"], cust.id_arg: person["id"]},
                stars=stars,
                title=title,
                body=body,
                posted_on=days_ago(w, 1, 400),
            )
    for row in subject.rows:
        mine = [n(r, "stars") for r in ent.rows if r[subject.id_arg] == row["id"]]
        row["review_count"] = len(mine)
        row["rating"] = average(mine)


def average(stars: list[int]) -> float:
    """The mean rounded to two places as SQLite's ROUND does (halves away from zero); 0 when there are none."""
    if not stars:
        return 0.0
    mean = Decimal(sum(stars)) / Decimal(len(stars))
    return float(mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _refresh(w: World, subject_sql: str) -> Step:
    target, ent = w.e(w.kit(Reviewable).entity), w.e("review")
    mine = f"FROM {ent.table} WHERE {target.id_arg} = {subject_sql}"
    return execute(
        f"UPDATE {target.table} SET review_count = (SELECT COUNT(*) {mine}), rating = COALESCE((SELECT "
        f"ROUND(AVG(stars), 2) {mine}), 0) WHERE id = {subject_sql}"
    )


def review_tools(w: World) -> None:
    target = w.kit(Reviewable)
    ent, subject, cust = w.e("review"), w.e(target.entity), w.e("customer")
    listing = crud.search(
        w,
        ent,
        filters=[subject.id_arg, cust.id_arg, "stars"],
        ranges=["stars"],
        sorts=["posted_on", "stars"],
        name=f"list_{ent.table}",
    )
    w.put(ReviewKit(listing, _post(w), _remove(w)))


def _post(w: World) -> str:
    target = w.kit(Reviewable)
    ent, subject, cust = w.e("review"), w.e(target.entity), w.e("customer")
    sid, cid = subject.id_arg, cust.id_arg
    props = {
        sid: id_arg(f"the {subject.label}'s id"),
        cid: id_arg(f"the {cust.label}'s id"),
        "stars": {"type": "integer", "minimum": 1, "maximum": 5, "description": "1 to 5"},
        "title": {"type": "string", "minLength": 1, "maxLength": 120, "description": "headline"},
        "body": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "the review"},
    }
    program: list[Step] = [
        query(
            "subj",
            f"SELECT {subject.col(subject.display).column} AS name FROM {subject.table} WHERE id = :{sid}",
            f"no {subject.label} with id {{{sid}}}; {crud.finder_hint(w, subject.key)}",
        ),
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cid}",
            f"no {cust.label} with id {{{cid}}}; {crud.finder_hint(w, 'customer')}",
        ),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {ent.table} WHERE {sid} = :{sid} AND {cid} = :{cid})",
            "{who__name} already reviewed {subj__name}; one review each",
        ),
    ]
    if target.eligible:
        program.append(
            check(
                f"SELECT {target.eligible}",
                f"only {cust.plural_label} who received {{subj__name}} may review it",
            )
        )
    program += [
        execute(
            f"INSERT INTO {ent.table} ({sid}, {cid}, stars, title, body, posted_on) VALUES (:{sid}, :{cid}, :stars, "
            ":title, :body, :_today)"
        ),
        _refresh(w, f":{sid}"),
        ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = (SELECT MAX(id) FROM {ent.table})"),
    ]
    text = (
        f"Post a review of {subject.noun.a()} for {cust.noun.a()}; the {subject.label}'s rating and review count "
        "are updated."
    )
    done = {(r[cid], r[sid]) for r in ent.rows}
    pairs = target.pairs or tuple((c["id"], x["id"]) for c in cust.rows[:5] for x in subject.rows[:5])
    fresh = next(((c, x) for c, x in pairs if (c, x) not in done), None)
    example = {sid: fresh[1], cid: fresh[0], "stars": 5, "title": "Great", "body": "Very happy."} if fresh else None
    return w.tool(
        make_tool(f"post_{ent.noun.snake}", text, props, list(props), program, row_schema(w, ent), example=example)
    )


def _remove(w: World) -> str:
    target = w.kit(Reviewable)
    ent, subject = w.e("review"), w.e(target.entity)
    rid = ent.id_arg
    program: list[Step] = [
        query(
            "r",
            f"SELECT {subject.id_arg} AS subject FROM {ent.table} WHERE id = :{rid}",
            f"no review with id {{{rid}}}",
        ),
        execute(f"DELETE FROM {ent.table} WHERE id = :{rid}"),
        _refresh(w, ":r__subject"),
        ret(f"SELECT :{rid} AS id, 'removed' AS result"),
    ]
    output = obj({"id": {"type": "integer"}, "result": {"type": "string"}}, ["id", "result"])
    text = f"Remove a review (at its author's request or for breaking the rules); the {subject.label}'s rating follows."
    return w.tool(
        make_tool(
            f"remove_{ent.noun.snake}", text, {rid: id_arg("the review's id")}, [rid], program, output, destructive=True
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _subject(w: World) -> Entity:
    return w.e(w.kit(Reviewable).entity)


def _best_rated(w: World) -> TaskCandidate | None:
    subject = _subject(w)
    rated = [r for r in subject.rows if n(r, "review_count") >= 1]
    ratings = {r["rating"] for r in rated}
    if len(rated) < 3 or len(ratings) < 3:
        return None
    for _ in range(10):
        picks = w.rng.sample(rated, 3)
        if len({p["rating"] for p in picks}) == 3:
            break
    else:
        return None
    best = max(picks, key=lambda r: float(r["rating"] or 0))
    names = ", ".join(f'"{subject.name_of(p)}"' for p in picks[:-1]) + f' and "{subject.name_of(picks[-1])}"'
    text = f"Between {names}, which has the best average rating from reviewers, and what is it?"
    calls = [find(w, subject.key, p) for p in picks]
    return TaskCandidate(
        kind="best-rated",
        instruction=text,
        calls=calls,
        answer=[str(best["rating"])],
        competing=[str(p["rating"]) for p in picks if p is not best]
        + others([r["rating"] for r in rated], [best["rating"]]),
        difficulty="medium",
        tags=["lookup", "compare"],
    )


def _harshest(w: World) -> TaskCandidate | None:
    kit, subject, ent = w.kit(ReviewKit), _subject(w), w.e("review")
    for row in shuffled(w, subject.rows):
        mine = sorted((r for r in ent.rows if r[subject.id_arg] == row["id"]), key=lambda r: n(r, "stars"))
        if len(mine) >= 3 and mine[0]["stars"] != mine[1]["stars"] and len({r["title"] for r in mine}) == len(mine):
            break
    else:
        return None
    worst = mine[0]
    text = f'What is the title of the lowest-rated review of "{subject.name_of(row)}", and how many stars did it give?'
    calls = [
        find(w, subject.key, row),
        call(kit.list, **{subject.id_arg: row["id"]}, sort_by="stars", sort_order="asc", limit=5),
    ]
    return TaskCandidate(
        kind="harshest-review",
        instruction=text,
        calls=calls,
        answer=[str(worst["title"])],
        competing=[str(r["title"]) for r in mine[1:]],
        difficulty="medium",
        tags=["lookup", "filter-sort"],
    )


def post_review(w: World, eligible: list[tuple[Row, Row]]) -> TaskCandidate | None:
    kit, subject, cust, ent = w.kit(ReviewKit), _subject(w), w.e("customer"), w.e("review")
    done = {(r[subject.id_arg], r[cust.id_arg]) for r in ent.rows}
    pool = [(p, x) for p, x in eligible if (x["id"], p["id"]) not in done]
    if not pool:
        return None
    person, row = w.pick(pool)
    stars = w.pick((1, 2, 4, 5, 5))
    title, body = w.pick(REVIEWS[w.kit(Reviewable).kind][stars])
    v = voice(w, person)
    text = v.say(f'Please post {v.my} {stars}-star review of "{subject.name_of(row)}", titled "{title}": "{body}"')
    calls = [
        find(w, "customer", person, "email"),
        find(w, subject.key, row),
        call(
            kit.post,
            **{subject.id_arg: row["id"], cust.id_arg: person["id"], "stars": stars, "title": title, "body": body},
        ),
    ]
    return TaskCandidate(
        kind="post-review", instruction=text, calls=calls, difficulty="medium", tags=["write", "ripple"]
    )


def _post_any(w: World) -> TaskCandidate | None:
    if w.kit(Reviewable).eligible:
        return None
    return post_review(w, [(p, x) for p in w.e("customer").rows for x in _subject(w).rows[:8]])


def _withdraw(w: World) -> TaskCandidate | None:
    kit, subject, cust, ent = w.kit(ReviewKit), _subject(w), w.e("customer"), w.e("review")
    pool = [r for r in ent.rows if n(subject.by_id(r[subject.id_arg]), "review_count") >= 2]
    if not pool:
        return None
    r = w.pick(pool)
    person, row = cust.by_id(r[cust.id_arg]), subject.by_id(r[subject.id_arg])
    v = voice(w, person)
    text = v.say(
        f'Please delete the review {v.i} wrote about "{subject.name_of(row)}"; {v.i} would rather not have it up.'
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.list, **{cust.id_arg: person["id"]}),
        call(kit.remove, **{ent.id_arg: r["id"]}),
    ]
    return TaskCandidate(
        kind="withdraw-review", instruction=text, calls=calls, difficulty="medium", tags=["write", "ripple"]
    )


REVIEWS_MODULE = Module(
    key="reviews",
    about="reviews with stars, and the average rating they make",
    fits=frozenset({"retail", "food", "lodging", "health", "education", "events", "property", "media"}),
    build=build_reviews,
    tools=review_tools,
    tasks=(
        TaskKind("best-rated", _best_rated),
        TaskKind("harshest-review", _harshest),
        TaskKind("post-review", _post_any),
        TaskKind("withdraw-review", _withdraw),
    ),
    needs=("customers",),
)
