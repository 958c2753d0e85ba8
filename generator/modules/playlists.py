"""Playlists on a streaming service: a profile's named, ordered lists of titles. Titles keep their order;
removing one closes the gap; a kids profile's playlists take only G and PG titles.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, shuffled
from generator.modules.media import RATINGS, MediaKit
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, list_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.world import World
from worldfarm import SolutionCall

KIDS = ("G", "PG")
NAMES = ("Weekend picks", "Family night", "Rainy day", "To binge", "Date night", "Road trip", "Comfort shows")


@dataclass(frozen=True)
class PlaylistKit:
    playlists: str
    items: str
    create: str
    add: str
    remove: str


def build_playlists(w: World) -> None:
    prof, title = w.e("profile"), w.e("title")
    playlist = w.add(
        Entity(
            "playlist",
            w.noun("playlist"),
            [s.ref(prof), s.text("name", "name"), s.day("created_on", "date created", mutable=False)],
            "name",
            "viewers' playlists",
        )
    )
    item = w.add(
        Entity(
            "playlist_item",
            w.noun("playlist_item", "playlist entry"),
            [s.ref(playlist), s.ref(title), s.integer("position", "place in the list", 1, 200)],
            "id",
            "the titles on each playlist, in order",
            table="playlist_entries",
        )
    )
    w.fact("A playlist lists each title once, in order; a kids profile's playlists take only G and PG titles.")
    for p in shuffled(w, prof.rows)[: w.rng.randint(4, 10)]:
        allowed = [t for t in title.rows if not p["kids"] or t["age_rating"] in KIDS]
        if len(allowed) < 3:
            continue
        row = playlist.add(**{prof.id_arg: p["id"]}, name=w.pick(NAMES), created_on=days_ago(w, 3, 300))
        for k, t in enumerate(w.rng.sample(allowed, w.rng.randint(2, min(7, len(allowed))))):
            item.add(**{playlist.id_arg: row["id"], title.id_arg: t["id"]}, position=k + 1)


# --- tools ---------------------------------------------------------------------------------------


def playlist_tools(w: World) -> None:
    playlist, item, prof = w.e("playlist"), w.e("playlist_item"), w.e("profile")
    size = Computed("titles", f"(SELECT COUNT(*) FROM {item.table} i WHERE i.{playlist.id_arg} = t.id)", "integer")
    playlists = crud.search(
        w, playlist, text=["name"], filters=[prof.id_arg], sorts=["created_on", "name"], extras=[size]
    )
    items = crud.search(w, item, scope=[playlist.id_arg], sorts=["position"], name="list_playlist_titles")
    w.put(PlaylistKit(playlists, items, _create(w), _add(w), _remove(w)))


def _rating_guard(w: World, profile_sql: str, titles_sql: str) -> Step:
    prof, title = w.e("profile"), w.e("title")
    return check(
        f"SELECT NOT (SELECT kids FROM {prof.table} WHERE id = {profile_sql}) OR NOT EXISTS (SELECT 1 FROM "
        f"{title.table} WHERE id IN ({titles_sql}) AND age_rating NOT IN ('G', 'PG'))",
        "a kids profile's playlists take only G and PG titles",
    )


def _create(w: World) -> str:
    playlist, item, prof, title = w.e("playlist"), w.e("playlist_item"), w.e("profile"), w.e("title")
    tid = title.id_arg
    props: dict[str, JsonSchema] = {
        prof.id_arg: id_arg("the profile's id"),
        "name": {"type": "string", "minLength": 1, "maxLength": 80, "description": "the playlist's name"},
        "titles": list_arg({tid: id_arg("a title's id")}, [tid], "the titles, in order", 30),
    }
    each = f"SELECT json_extract(value, '$.{tid}') AS tid, key + 1 AS pos FROM json_each(:titles)"
    new = f"(SELECT MAX(id) FROM {playlist.table})"
    program: list[Step] = [
        crud.exists(w, prof),
        check(f"SELECT COUNT(*) = COUNT(DISTINCT tid) FROM ({each})", "list each title once"),
        query("bad", f"SELECT tid AS id FROM ({each}) WHERE tid NOT IN (SELECT id FROM {title.table}) LIMIT 1"),
        check("SELECT :bad__id IS NULL", "no title with id {bad__id}"),
        _rating_guard(w, f":{prof.id_arg}", f"SELECT tid FROM ({each})"),
        execute(
            f"INSERT INTO {playlist.table} ({prof.id_arg}, name, created_on) VALUES (:{prof.id_arg}, :name, :_today)"
        ),
        execute(f"INSERT INTO {item.table} ({playlist.id_arg}, {tid}, position) SELECT {new}, tid, pos FROM ({each})"),
        ret(f"SELECT {select_list(w, playlist)} FROM {playlist.table} t WHERE t.id = {new}"),
    ]
    ok = [t for t in title.rows if t["age_rating"] in KIDS]
    example = {prof.id_arg: prof.rows[0]["id"], "name": "Favorites", "titles": [{tid: ok[0]["id"]}]} if ok else None
    return w.tool(
        make_tool(
            "create_playlist",
            "Make a playlist for a profile with titles in order.",
            props,
            list(props),
            program,
            row_schema(w, playlist),
            example=example,
        )
    )


def _add(w: World) -> str:
    playlist, item, title = w.e("playlist"), w.e("playlist_item"), w.e("title")
    pid, tid = playlist.id_arg, title.id_arg
    props: dict[str, JsonSchema] = {pid: id_arg("the playlist's id"), tid: id_arg("the title's id")}
    program: list[Step] = [
        query(
            "p",
            f"SELECT name, {w.e('profile').id_arg} AS owner FROM {playlist.table} WHERE id = :{pid}",
            f"no playlist with id {{{pid}}}",
        ),
        crud.exists(w, title),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {item.table} WHERE {pid} = :{pid} AND {tid} = :{tid})",
            "that title is already on {p__name}",
        ),
        _rating_guard(w, ":p__owner", f":{tid}"),
        execute(
            f"INSERT INTO {item.table} ({pid}, {tid}, position) VALUES (:{pid}, :{tid}, (SELECT COUNT(*) + 1 FROM "
            f"{item.table} WHERE {pid} = :{pid}))"
        ),
        ret(f"SELECT {select_list(w, item)} FROM {item.table} t WHERE t.id = (SELECT MAX(id) FROM {item.table})"),
    ]
    return w.tool(
        make_tool(
            "add_to_playlist",
            "Put a title at the end of a playlist.",
            props,
            list(props),
            program,
            row_schema(w, item),
            example=_add_example(w),
        )
    )


def _add_example(w: World) -> dict[str, object] | None:
    playlist, item, title, prof = w.e("playlist"), w.e("playlist_item"), w.e("title"), w.e("profile")
    for p in playlist.rows:
        kids = prof.by_id(p[prof.id_arg])["kids"]
        on = {i[title.id_arg] for i in item.rows if i[playlist.id_arg] == p["id"]}
        for t in title.rows:
            if t["id"] not in on and (not kids or t["age_rating"] in KIDS):
                return {playlist.id_arg: p["id"], title.id_arg: t["id"]}
    return None


def _remove(w: World) -> str:
    playlist, item, title = w.e("playlist"), w.e("playlist_item"), w.e("title")
    pid, tid = playlist.id_arg, title.id_arg
    props: dict[str, JsonSchema] = {pid: id_arg("the playlist's id"), tid: id_arg("the title's id")}
    program: list[Step] = [
        query(
            "i",
            f"SELECT id, position FROM {item.table} WHERE {pid} = :{pid} AND {tid} = :{tid}",
            "that title is not on the playlist",
        ),
        execute(f"DELETE FROM {item.table} WHERE id = :i__id"),
        execute(f"UPDATE {item.table} SET position = position - 1 WHERE {pid} = :{pid} AND position > :i__position"),
        ret(
            f"SELECT {select_list(w, playlist)}, (SELECT COUNT(*) FROM {item.table} i WHERE i.{pid} = t.id) AS titles "
            f"FROM {playlist.table} t WHERE t.id = :{pid}"
        ),
    ]
    first = item.rows[0] if item.rows else None
    schema = row_schema(w, playlist, [Computed("titles", "", "integer")])
    return w.tool(
        make_tool(
            "remove_from_playlist",
            "Take a title off a playlist; the titles after it move up.",
            props,
            list(props),
            program,
            schema,
            destructive=True,
            example={pid: first[pid], tid: first[tid]} if first else None,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _items_of(w: World, p: Row) -> list[Row]:
    pid = w.e("playlist").id_arg
    return sorted((i for i in w.e("playlist_item").rows if i[pid] == p["id"]), key=lambda i: n(i, "position"))


def _best_of_genre(w: World) -> TaskCandidate | None:
    kit, media, prof, title = w.kit(PlaylistKit), w.kit(MediaKit), w.e("profile"), w.e("title")
    p = w.pick(prof.rows)
    holder, finding = _owner(w, p)
    genres = sorted({str(t["genre"]) for t in title.rows})
    for genre in shuffled(w, genres):
        pool = [t for t in title.rows if t["genre"] == genre and (not p["kids"] or t["age_rating"] in KIDS)]
        if len(pool) >= 3 and len({t["year"] for t in pool}) == len(pool):
            break
    else:
        return None
    newest = sorted(pool, key=lambda t: -n(t, "year"))[:3]
    name = f"New {genre.lower()}"
    text = (
        f'{holder["name"]} ({holder["email"]}) asked for a playlist called "{name}" on their {p["name"]} profile '
        f"with the three most recent {genre.lower()} titles{' it may play' if p['kids'] else ''}, newest first."
    )
    calls = [
        *finding,
        call(media.titles, query=genre, sort_by="year", sort_order="desc", limit=100),
        call(
            kit.create,
            **{prof.id_arg: p["id"], "name": name},
            titles=[{title.id_arg: t["id"]} for t in newest],
        ),
    ]
    return TaskCandidate(
        kind="playlist-of-newest",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "filter-sort", "multi-item"],
    )


def _owner(w: World, profile: Row) -> tuple[Row, list[SolutionCall]]:
    """The account holder of ``profile``, and the calls that find the profile from them."""
    acct = w.e("customer")
    holder = acct.by_id(profile[acct.id_arg])
    return holder, [find(w, "customer", holder, "email"), call(w.kit(MediaKit).profiles, **{acct.id_arg: holder["id"]})]


def _remove_watched(w: World) -> TaskCandidate | None:
    kit, playlist, title, view = w.kit(PlaylistKit), w.e("playlist"), w.e("title"), w.e("viewing")
    prof = w.e("profile")
    for p in shuffled(w, playlist.rows):
        items = _items_of(w, p)
        seen = {v[title.id_arg] for v in view.rows if v[prof.id_arg] == p[prof.id_arg] and n(v, "progress") == 100}
        done = [i for i in items if i[title.id_arg] in seen]
        if done and len(done) < len(items):
            break
    else:
        return None
    owner = prof.by_id(p[prof.id_arg])
    holder, finding = _owner(w, owner)
    text = (
        f'{holder["name"]} ({holder["email"]}) would like the "{p["name"]}" playlist on their {owner["name"]} '
        "profile cleaned up: take off every title that profile has watched to the end, and keep the rest in their "
        "order."
    )
    media = w.kit(MediaKit)
    calls = [
        *finding,
        call(kit.playlists, **{prof.id_arg: owner["id"]}),
        call(kit.items, **{playlist.id_arg: p["id"]}),
        call(media.history, **{prof.id_arg: owner["id"]}, limit=100),
    ]
    # removing from the end first keeps the positions the agent read valid
    calls += [call(kit.remove, **{playlist.id_arg: p["id"], title.id_arg: i[title.id_arg]}) for i in reversed(done)]
    return TaskCandidate(
        kind="drop-watched-from-playlist",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "keep-others"],
    )


def _kids_refused(w: World) -> TaskCandidate | None:
    kit, playlist, prof, title = w.kit(PlaylistKit), w.e("playlist"), w.e("profile"), w.e("title")
    pool = [p for p in playlist.rows if prof.by_id(p[prof.id_arg])["kids"]]
    grown = [t for t in title.rows if t["age_rating"] not in KIDS]
    if not pool or not grown:
        return None
    p, t = w.pick(pool), w.pick(grown)
    owner = prof.by_id(p[prof.id_arg])
    holder, finding = _owner(w, owner)
    text = (
        f'{holder["name"]} ({holder["email"]}) would like {t["name"]} added to the "{p["name"]}" playlist on their '
        f"{owner['name']} profile."
    )
    media = w.kit(MediaKit)
    return refusing(
        "adult-title-on-kids-playlist-refused",
        text,
        reads=[*finding, call(kit.playlists, **{prof.id_arg: owner["id"]}), call(media.titles, query=str(t["name"]))],
        complying=[call(kit.add, **{playlist.id_arg: p["id"], title.id_arg: t["id"]})],
        reason="it is a kids profile and the title is rated above PG",
        answer=[str(t["age_rating"])],
        competing=[r for r in RATINGS if r != t["age_rating"]],
        tags=["playlists"],
    )


def _add_unless_there(w: World) -> TaskCandidate | None:
    kit, playlist, prof, title = w.kit(PlaylistKit), w.e("playlist"), w.e("profile"), w.e("title")
    holds = w.chance(0.5)
    for p in shuffled(w, playlist.rows):
        items = _items_of(w, p)
        kids = prof.by_id(p[prof.id_arg])["kids"]
        on = [title.by_id(i[title.id_arg]) for i in items]
        off = [t for t in title.rows if t not in on and (not kids or t["age_rating"] in KIDS)]
        if (on if holds else off) and len(items) >= 2:
            break
    else:
        return None
    t = w.pick(on if holds else off)
    owner = prof.by_id(p[prof.id_arg])
    holder, finding = _owner(w, owner)
    text = (
        f'{holder["name"]} ({holder["email"]}) asked whether {t["name"]} is already on the "{p["name"]}" playlist '
        f"of their {owner['name']} profile. If it is, tell me its place in the list; if not, add it at the end."
    )
    media = w.kit(MediaKit)
    reads = [
        *finding,
        call(kit.playlists, **{prof.id_arg: owner["id"]}),
        call(kit.items, **{playlist.id_arg: p["id"]}),
        call(media.titles, query=str(t["name"])),
    ]
    place = next((str(i["position"]) for i in items if i[title.id_arg] == t["id"]), "")
    return branching(
        "add-to-playlist-unless-there",
        text,
        condition="title-not-on-playlist",
        holds=not holds,
        reads=reads,
        then=[call(kit.add, **{playlist.id_arg: p["id"], title.id_arg: t["id"]})],
        otherwise=[],
        answer=[place] if holds else [],
        competing=[str(k) for k in range(1, len(items) + 2) if str(k) != place] if holds else [],
        tags=["conditional", "playlists"],
    )


PLAYLISTS = Module(
    key="playlists",
    about="profiles' ordered playlists of titles",
    fits=frozenset({"media"}),
    build=build_playlists,
    tools=playlist_tools,
    tasks=(
        TaskKind("playlist-of-newest", _best_of_genre),
        TaskKind("drop-watched-from-playlist", _remove_watched),
        TaskKind("adult-title-on-kids-playlist-refused", _kids_refused),
        TaskKind("add-to-playlist-unless-there", _add_unless_there),
    ),
    needs=("media",),
)
