"""The registry's own SQLite file (SQLModel): workers, environment summaries, episode placements.

What must survive a restart of the registry lives here: which worker instance holds which episode
(so a placement still resolves, or is reported lost, after a restart), the workers seen, and the
catalog's environment summaries. Live load and heartbeat times are kept in memory only
(:mod:`registry.workers`); a restarted registry relearns them from the next heartbeat or probe.

The file runs in WAL mode with ``synchronous=NORMAL``: a placement is one short write transaction.
It is readable by its owner only (0600, and so are the WAL files SQLite makes beside it): it holds
every live episode id, and an episode id is the key to its episode.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, event, func, insert, update
from sqlmodel import Field, Session, SQLModel, col, create_engine, select

from worldfarm.membership import EnvSummary


class WorkerRecord(SQLModel, table=True):
    __tablename__ = "workers"

    instance: str = Field(primary_key=True)
    name: str
    url: str
    status: str = Field(description="up, down or gone (deregistered)")
    envs: str = Field(description="JSON list of the environment ids it takes episodes for")
    max_episodes: int
    registered_at: float
    changed_at: float = Field(description="when the status last changed")


class SummaryRecord(SQLModel, table=True):
    __tablename__ = "summaries"

    env: str = Field(primary_key=True)
    summary: str = Field(description="EnvSummary as JSON")
    updated_at: float


class PlacementRecord(SQLModel, table=True):
    __tablename__ = "placements"

    episode_id: str = Field(primary_key=True)
    env: str
    task: str | None = None
    instance: str = Field(index=True)
    created_at: float


RECENT = 65_536
"""Placements kept in memory for lookups (about 10 MB)."""

TABLES = [WorkerRecord.__table__, SummaryRecord.__table__, PlacementRecord.__table__]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Placement:
    episode_id: str
    env: str
    task: str | None
    instance: str


class Store:
    """One registry's SQLite file. Every method is one short transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _owner_only(path)
        self.path = path
        self.engine = _engine(path)
        SQLModel.metadata.create_all(self.engine, tables=TABLES)
        self._recent: OrderedDict[str, Placement] = OrderedDict()
        """The placements last looked up or made: an MCP call through the proxy looks one up every time."""

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    # workers

    def save_worker(self, record: WorkerRecord) -> None:
        with self.session() as session:
            session.merge(record)

    def set_status(self, instance: str, status: str) -> None:
        with self.session() as session:
            session.execute(
                update(WorkerRecord)
                .where(col(WorkerRecord.instance) == instance)
                .values(status=status, changed_at=time.time())
            )

    def workers(self) -> list[WorkerRecord]:
        with self.session() as session:
            return list(session.exec(select(WorkerRecord)).all())

    # summaries

    def save_summaries(self, summaries: Iterable[EnvSummary]) -> None:
        now = time.time()
        with self.session() as session:
            for summary in summaries:
                session.merge(SummaryRecord(env=summary.id, summary=summary.model_dump_json(), updated_at=now))

    def summaries(self) -> dict[str, EnvSummary]:
        with self.session() as session:
            rows = session.exec(select(SummaryRecord)).all()
            return {row.env: EnvSummary.model_validate_json(row.summary) for row in rows}

    # placements

    def add_placements(self, placements: Iterable[Placement]) -> None:
        now = time.time()
        rows: list[dict[str, Any]] = [
            {"episode_id": p.episode_id, "env": p.env, "task": p.task, "instance": p.instance, "created_at": now}
            for p in placements
        ]
        if rows:
            with self.session() as session:
                session.execute(insert(PlacementRecord), rows)

    def placement(self, episode_id: str) -> Placement | None:
        placement = self._recent.get(episode_id)
        if placement is not None:
            self._recent.move_to_end(episode_id)
            return placement
        with Session(self.engine) as session:
            row = session.get(PlacementRecord, episode_id)
        if row is None:
            return None
        placement = Placement(row.episode_id, row.env, row.task, row.instance)
        self._recent[episode_id] = placement
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        return placement

    def remove_placement(self, episode_id: str) -> None:
        self.remove_placements([episode_id])

    def remove_placements(self, episode_ids: list[str]) -> None:
        """Forget where these episodes live, in one transaction."""
        for episode_id in episode_ids:
            self._recent.pop(episode_id, None)
        if episode_ids:
            with self.session() as session:
                session.execute(delete(PlacementRecord).where(col(PlacementRecord.episode_id).in_(episode_ids)))

    def placement_counts(self) -> dict[str, int]:
        """Recorded placements per worker instance."""
        with Session(self.engine) as session:
            query = select(PlacementRecord.instance, func.count()).group_by(col(PlacementRecord.instance))
            return {instance: count for instance, count in session.exec(query).all()}

    def forget(self, instances: Iterable[str]) -> None:
        """Drop these workers and their placements (their episodes are then unknown, no longer 'lost')."""
        ids = list(instances)
        self._recent.clear()
        if ids:
            with self.session() as session:
                session.execute(delete(PlacementRecord).where(col(PlacementRecord.instance).in_(ids)))
                session.execute(delete(WorkerRecord).where(col(WorkerRecord.instance).in_(ids)))


def _owner_only(path: Path) -> None:
    """Create ``path`` readable by its owner only, or make it so (with its WAL files) if it exists."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(file, 0o600)


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, connection_record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    return engine
