"""Media and subscriptions: a catalog of titles with episodes, viewer profiles under an account (a profile
limit per plan), watch history, watchlists, and rentals of premium titles."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.modules.reviews import Reviewable, rating_columns
from generator.prices import price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.policies import POLICY_TOOL
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

RATINGS = ("G", "PG", "PG-13", "R")


@dataclass(frozen=True)
class MediaKit:
    titles: str
    episodes: str
    profiles: str
    add_profile: str
    history: str
    watchlist: str
    add_watch: str
    remove_watch: str
    rent: str


def build_media(w: World) -> None:
    acct = w.e("customer")
    title = w.add(
        Entity(
            "title",
            w.noun("title"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("genre", "genre"),
                s.integer("year", "release year", 1950, 2030),
                s.enum("age_rating", "age rating", RATINGS),
                s.enum("format", "film or series", ("film", "series")),
                s.money("rental_price", "price to rent (0 when included)"),
                *rating_columns(w),
            ],
            "name",
            "what can be watched",
        )
    )
    ep = w.add(
        Entity(
            "episode",
            w.noun("episode"),
            [
                s.ref(title),
                s.integer("season", "season", 1, 30),
                s.integer("number", "episode number", 1, 50),
                s.text("name", "episode title"),
                s.integer("minutes", "running time", 1, 300),
            ],
            "name",
            "the episodes of each series",
        )
    )
    prof = w.add(
        Entity(
            "profile",
            w.noun("profile", "viewer profile"),
            [s.ref(acct), s.text("name", "profile name"), s.flag("kids", "kids profile (G and PG only)")],
            "name",
            f"the viewers under each {acct.label}",
        )
    )
    w.add(
        Entity(
            "viewing",
            w.noun("viewing", "viewing"),
            [
                s.ref(prof),
                s.ref(title),
                s.ref(ep, required=False),
                s.day("watched_on", "date"),
                s.integer("progress", "percent watched", 0, 100),
            ],
            "id",
            "what each profile watched",
        )
    )
    w.add(
        Entity(
            "watchlist_entry",
            w.noun("watchlist_entry", "watchlist entry|watchlist entries"),
            [s.ref(prof), s.ref(title), s.day("added_on", "date added")],
            "id",
            "titles saved to watch later",
        )
    )
    w.add(
        Entity(
            "rental",
            w.noun("rental"),
            [s.ref(prof), s.ref(title), s.money("price", "price paid"), s.day("rented_on", "date rented")],
            "id",
            "premium titles rented",
        )
    )
    limit = w.pick((4, 5))
    w.rule("max_profiles_per_account", limit)
    w.fact(
        f"An account has at most {limit} viewer profiles. Kids profiles can only play G and PG titles. Premium "
        "titles are rented per profile."
    )
    w.put(ProfileLimit(limit))
    w.put(Reviewable("title", "show"))
    _seed(w, title, ep, prof)


@dataclass(frozen=True)
class ProfileLimit:
    most: int


def _seed(w: World, title: Entity, ep: Entity, prof: Entity) -> None:
    acct, view, watch, rental = w.e("customer"), w.e("viewing"), w.e("watchlist_entry"), w.e("rental")
    for category in w.domain.catalog.categories:
        for kind in category.items:
            series = bool(kind.size)
            row = title.add(
                name=kind.name,
                genre=category.name,
                year=w.rng.randint(1988, int(w.today[:4])),
                age_rating=w.pick(RATINGS),
                format="series" if series else "film",
                rental_price_cents=price(w.rng, kind.low, kind.high)
                if not series and (w.chance(0.3) or not any(t["rental_price_cents"] for t in title.rows))
                else 0,
            )
            for season in range(1, (kind.size or 0) + 1):
                for k in range(1, w.rng.randint(4, 8)):
                    ep.add(
                        **{title.id_arg: row["id"]},
                        season=season,
                        number=k,
                        name=w.pick(
                            (
                                "Pilot",
                                "Homecoming",
                                "The Long Night",
                                "Crossroads",
                                "Fault Lines",
                                "Old Friends",
                                "The Offer",
                                "Aftermath",
                                "Lost and Found",
                                "Finale",
                            )
                        )
                        + ("" if k == 1 else f" (Part {k})"),
                        minutes=w.rng.randint(22, 58),
                    )
    names = ("Main", "Alex", "Sam", "Kids", "Jordan", "Guest")
    for person in acct.rows:
        for k in range(w.pick((1, 2, 2, 3, 4))):
            p = prof.add(
                **{acct.id_arg: person["id"]},
                name=names[k] if k else str(person["name"]).split()[0],
                kids=1 if names[k] == "Kids" else 0,
            )
            for t in w.rng.sample(title.rows, w.pick((0, 1, 2, 3))):
                if p["kids"] and t["age_rating"] not in ("G", "PG"):
                    continue
                eps = [e for e in ep.rows if e[title.id_arg] == t["id"]]
                view.add(
                    **{prof.id_arg: p["id"], title.id_arg: t["id"]},
                    **{ep.id_arg: eps[0]["id"] if eps else None},
                    watched_on=days_ago(w, 0, 60),
                    progress=w.pick((15, 40, 100, 100)),
                )
            for t in w.rng.sample(title.rows, w.pick((0, 1, 2))):
                if not any(x[prof.id_arg] == p["id"] and x[title.id_arg] == t["id"] for x in watch.rows):
                    watch.add(**{prof.id_arg: p["id"], title.id_arg: t["id"]}, added_on=days_ago(w, 0, 90))
    for t in title.rows:
        if t["rental_price_cents"]:
            for p in w.rng.sample(prof.rows, 2):
                rental.add(
                    **{prof.id_arg: p["id"], title.id_arg: t["id"]},
                    price_cents=t["rental_price_cents"],
                    rented_on=days_ago(w, 0, 30),
                )


# --- tools ---------------------------------------------------------------------------------------


def media_tools(w: World) -> None:
    title, ep, prof, view, watch = (w.e(k) for k in ("title", "episode", "profile", "viewing", "watchlist_entry"))
    acct = w.e("customer")
    titles = crud.search(
        w,
        title,
        text=["name", "genre"],
        filters=["age_rating", "format"],
        ranges=["year", "rental_price"],
        sorts=["name", "year"],
    )
    episodes = crud.search(
        w, ep, scope=[title.id_arg], filters=["season"], sorts=["season", "number"], name="list_episodes"
    )
    profiles = crud.search(w, prof, scope=[acct.id_arg], sorts=["name"], name="list_profiles")
    limit = w.kit(ProfileLimit).most
    add_profile = crud.create(
        w,
        prof,
        [prof.col(acct.id_arg), prof.col("name"), prof.col("kids")],
        about="Add a viewer profile",
        name="add_profile",
        guards=[
            check(
                f"SELECT (SELECT COUNT(*) FROM {prof.table} WHERE {acct.id_arg} = :{acct.id_arg}) < {limit}",
                f"that account already has {limit} profiles, the most allowed",
            )
        ],
    )
    history = crud.search(
        w, view, scope=[prof.id_arg], ranges=["watched_on"], sorts=["watched_on"], name="viewing_history"
    )
    watchlist = crud.search(w, watch, scope=[prof.id_arg], sorts=["added_on"], name="show_watchlist")
    add_watch = crud.create(
        w,
        watch,
        [watch.col(prof.id_arg), watch.col(title.id_arg)],
        fixed={"added_on": ":_today"},
        about="Save a title to a profile's watchlist",
        name="add_to_watchlist",
        guards=[
            check(
                f"SELECT NOT EXISTS (SELECT 1 FROM {watch.table} WHERE {prof.id_arg} = :{prof.id_arg} AND "
                f"{title.id_arg} = :{title.id_arg})",
                "that title is already on the watchlist",
            )
        ],
    )
    remove = crud.delete(w, watch, name="remove_from_watchlist", about="Take a title off a watchlist.")
    w.put(MediaKit(titles, episodes, profiles, add_profile, history, watchlist, add_watch, remove, _rent(w)))


def _rent(w: World) -> str:
    title, prof, rental = w.e("title"), w.e("profile"), w.e("rental")
    props = {prof.id_arg: id_arg("the profile's id"), title.id_arg: id_arg("the title's id")}
    program: list[Step] = [
        query(
            "p",
            f"SELECT name, kids FROM {prof.table} WHERE id = :{prof.id_arg}",
            f"no profile with id {{{prof.id_arg}}}",
        ),
        query(
            "t",
            f"SELECT name, age_rating, rental_price_cents AS price FROM {title.table} WHERE id = :{title.id_arg}",
            f"no title with id {{{title.id_arg}}}",
        ),
        check("SELECT :t__price > 0", "{t__name} is included in the plan; there is nothing to rent"),
        check(
            "SELECT NOT :p__kids OR :t__age_rating IN ('G', 'PG')",
            "{t__name} is rated {t__age_rating}; kids profiles play G and PG only",
        ),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {rental.table} WHERE {prof.id_arg} = :{prof.id_arg} AND "
            f"{title.id_arg} = :{title.id_arg})",
            "{p__name} already rented {t__name}",
        ),
        execute(
            f"INSERT INTO {rental.table} ({prof.id_arg}, {title.id_arg}, price_cents, rented_on) VALUES "
            f"(:{prof.id_arg}, :{title.id_arg}, :t__price, :_today)"
        ),
        ret(f"SELECT {select_list(w, rental)} FROM {rental.table} t WHERE t.id = (SELECT MAX(id) FROM {rental.table})"),
    ]
    return w.tool(
        make_tool(
            "rent_title",
            "Rent a premium title for a profile (charged once).",
            props,
            list(props),
            program,
            row_schema(w, rental),
            example=_rent_example(w),
        )
    )


def _rent_example(w: World) -> dict[str, object] | None:
    title, prof, rental = w.e("title"), w.e("profile"), w.e("rental")
    for t in title.rows:
        if not t["rental_price_cents"]:
            continue
        for p in prof.rows:
            kids_ok = not p["kids"] or t["age_rating"] in ("G", "PG")
            taken = any(r[prof.id_arg] == p["id"] and r[title.id_arg] == t["id"] for r in rental.rows)
            if kids_ok and not taken:
                return {prof.id_arg: p["id"], title.id_arg: t["id"]}
    return None


# --- tasks ---------------------------------------------------------------------------------------


def _profiles_of(w: World, person: Row) -> list[Row]:
    return [p for p in w.e("profile").rows if p[w.e("customer").id_arg] == person["id"]]


def _kids_profile(w: World) -> TaskCandidate | None:
    kit, acct, _prof = w.kit(MediaKit), w.e("customer"), w.e("profile")
    limit = w.kit(ProfileLimit).most
    holds = w.chance(0.5)
    pool = [p for p in acct.rows if (len(_profiles_of(w, p)) < limit) == holds]
    if not pool:
        return None
    person = w.pick(pool)
    name = w.pick(("Mia", "Leo", "Ava", "Noah", "Zoe"))
    v = voice(w, person)
    text = v.say(
        f"Please add a kids profile called {name} to {v.my} account. If the account is already full, leave "
        f"it and tell {v.me} how many profiles it can have."
    )
    reads = [find(w, "customer", person, "email"), call(kit.profiles, **{acct.id_arg: person["id"]})]
    if not holds:
        reads.append(call(POLICY_TOOL))
    return branching(
        "kids-profile-if-room",
        text,
        condition="profile-room",
        holds=holds,
        reads=reads,
        then=[call(kit.add_profile, **{acct.id_arg: person["id"], "name": name, "kids": True})],
        otherwise=[],
        answer=[] if holds else [str(limit)],
        competing=[] if holds else others([str(k) for k in range(1, 8)], [str(limit)]),
        tags=["conditional", "profiles"],
    )


def _clean_watchlist(w: World) -> TaskCandidate | None:
    kit, prof, watch, view, title = (
        w.kit(MediaKit),
        w.e("profile"),
        w.e("watchlist_entry"),
        w.e("viewing"),
        w.e("title"),
    )
    for p in shuffled(w, prof.rows):
        seen = {v[title.id_arg] for v in view.rows if v[prof.id_arg] == p["id"] and n(v, "progress") == 100}
        mine = [x for x in watch.rows if x[prof.id_arg] == p["id"]]
        done = [x for x in mine if x[title.id_arg] in seen]
        if done and len(mine) > len(done):
            break
    else:
        return None
    person = w.e("customer").by_id(p[w.e("customer").id_arg])
    text = (
        f'On {person["name"]}\'s profile "{p["name"]}", take off the watchlist every title that profile has '
        "already watched to the end. Keep the rest."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.profiles, **{w.e("customer").id_arg: person["id"]}),
        call(kit.watchlist, **{prof.id_arg: p["id"]}),
        call(kit.history, **{prof.id_arg: p["id"]}),
    ]
    calls += [call(kit.remove_watch, **{watch.id_arg: x["id"]}) for x in done]
    return TaskCandidate(
        kind="prune-watchlist",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "keep-others", "compare"],
    )


def _kids_rating_refused(w: World) -> TaskCandidate | None:
    kit, prof, title = w.kit(MediaKit), w.e("profile"), w.e("title")
    kids = [p for p in prof.rows if p["kids"]]
    adult = [t for t in title.rows if t["rental_price_cents"] and t["age_rating"] in ("PG-13", "R")]
    if not kids or not adult:
        return None
    p, t = w.pick(kids), w.pick(adult)
    person = w.e("customer").by_id(p[w.e("customer").id_arg])
    v = voice(w, person)
    text = v.say(f"Please rent {t['name']} on the {p['name']} profile.")
    reads = [
        find(w, "customer", person, "email"),
        call(kit.profiles, **{w.e("customer").id_arg: person["id"]}),
        call(kit.titles, query=str(t["name"])),
    ]
    return refusing(
        "kids-rating-refused",
        text,
        reads=reads,
        complying=[call(kit.rent, **{prof.id_arg: p["id"], title.id_arg: t["id"]})],
        reason="kids profiles play G and PG titles only",
        answer=[str(t["age_rating"])],
        competing=[r for r in RATINGS if r != t["age_rating"]],
        tags=["profiles"],
    )


def _episode_count(w: World) -> TaskCandidate | None:
    kit, title, ep = w.kit(MediaKit), w.e("title"), w.e("episode")
    series = [t for t in title.rows if t["format"] == "series"]
    for t in shuffled(w, series):
        seasons: dict[int, int] = {}
        for e in ep.rows:
            if e[title.id_arg] == t["id"]:
                seasons[n(e, "season")] = seasons.get(n(e, "season"), 0) + 1
        if len(seasons) >= 2 and len(set(seasons.values())) == len(seasons):
            break
    else:
        return None
    season = w.pick(sorted(seasons))
    text = f"How many episodes does season {season} of {t['name']} have?"
    calls = [call(kit.titles, query=str(t["name"])), call(kit.episodes, **{title.id_arg: t["id"], "season": season})]
    return TaskCandidate(
        kind="season-episodes",
        instruction=text,
        calls=calls,
        answer=[str(seasons[season])],
        competing=others([str(v) for v in seasons.values()], [str(seasons[season])]),
        difficulty="easy",
        tags=["lookup"],
    )


def _watchlist_genre(w: World) -> TaskCandidate | None:
    kit, title, prof, watch = w.kit(MediaKit), w.e("title"), w.e("profile"), w.e("watchlist_entry")
    genres = sorted({str(t["genre"]) for t in title.rows})
    genre = w.pick(genres)
    for p in shuffled(w, [p for p in prof.rows if not p["kids"]]):
        have = {x[title.id_arg] for x in watch.rows if x[prof.id_arg] == p["id"]}
        picks = [t for t in title.rows if t["genre"] == genre and t["id"] not in have and not t["rental_price_cents"]]
        newest = sorted(picks, key=lambda t: -n(t, "year"))[:2]
        if len(newest) == 2 and newest[0]["year"] != newest[1]["year"]:
            break
    else:
        return None
    person = w.e("customer").by_id(p[w.e("customer").id_arg])
    text = (
        f"Add the two most recent {genre} titles that are included in the plan (no rental price) to the watchlist "
        f'of {person["name"]}\'s profile "{p["name"]}", unless they are on it already.'
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.profiles, **{w.e("customer").id_arg: person["id"]}),
        call(kit.titles, query=genre, max_rental_price=0, sort_by="year", sort_order="desc"),
        call(kit.watchlist, **{prof.id_arg: p["id"]}),
    ]
    calls += [call(kit.add_watch, **{prof.id_arg: p["id"], title.id_arg: t["id"]}) for t in newest]
    return TaskCandidate(
        kind="watchlist-newest-in-genre",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "filter-sort", "multi-item"],
    )


MEDIA = Module(
    key="media",
    about="titles and episodes, viewer profiles, viewing history, watchlists, rentals",
    fits=frozenset({"media"}),
    build=build_media,
    tools=media_tools,
    tasks=(
        TaskKind("kids-profile-if-room", _kids_profile),
        TaskKind("prune-watchlist", _clean_watchlist),
        TaskKind("kids-rating-refused", _kids_rating_refused),
        TaskKind("season-episodes", _episode_count),
        TaskKind("watchlist-newest-in-genre", _watchlist_genre),
    ),
    needs=("customers",),
)
