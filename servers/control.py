"""The control plane: HTTP JSON under ``/v1/`` for harnesses, bearer-token protected.

Agents never see these operations as tools; they create, fork, reset, read and verify episodes.
Every route and dependency is ``async``: episode databases are touched only from the event loop's
thread (a plain ``def`` would run in a thread pool, beside MCP calls on the same connection).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from servers.code.runtime import CodeRuntime
from servers.code.verifiers import verify_code_task
from servers.definition import define
from servers.environments import EnvRuntime
from servers.episodes import LiveEpisode, iso
from servers.errors import BadRequest, EpisodeNotFound, ServerError, Unauthorized
from servers.inspection import diff, read_state, run_query, verify
from servers.reference import replay_reference
from servers.worker import Worker
from worldfarm.codeenv import CodeTask
from worldfarm.control import (
    ClosedEpisodes,
    CloseEpisodes,
    CreateEpisode,
    CreateEpisodes,
    Diff,
    EpisodeBatch,
    EpisodeInfo,
    QueryRequest,
    QueryResult,
    ReferenceReplay,
    RestoreRequest,
    Snapshot,
    State,
    Trace,
    VerifyRequest,
    VerifyResult,
)
from worldfarm.definition import EnvDefinition
from worldfarm.task import PublicTask, Task

_bearer = HTTPBearer(auto_error=False)


async def worker_of(request: Request) -> Worker:
    worker: Worker = request.app.state.worker
    return worker


async def require_token(
    worker: Annotated[Worker, Depends(worker_of)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    token = worker.settings.token
    if credentials is None or not secrets.compare_digest(credentials.credentials.encode(), token.encode()):
        raise Unauthorized(
            "missing or wrong bearer token: send 'Authorization: Bearer <token>' with the token the worker "
            "printed at start (or the WORLDFARM_TOKEN it was given)"
        )


WorkerDep = Annotated[Worker, Depends(worker_of)]
router = APIRouter(prefix="/v1", dependencies=[Depends(require_token)])


def _episode(worker: Worker, episode_id: str) -> LiveEpisode:
    episode = worker.store.get(episode_id)
    episode.touch()
    return episode


def info(request: Request, worker: Worker, episode: LiveEpisode) -> EpisodeInfo:
    base = worker.settings.public_url or str(request.base_url).rstrip("/")
    return EpisodeInfo(
        episode_id=episode.id,
        env=episode.env.id,
        task=episode.task.id if episode.task else None,
        instruction=episode.task.instruction if episode.task else None,
        mcp_url=f"{base}/envs/{episode.env.id}/e/{episode.id}/mcp",
        control_url=f"{base}/v1/episodes/{episode.id}",
        created_at=iso(episode.created_at),
        last_used_at=iso(episode.last_used_wall),
        calls=episode.calls,
        origin=episode.origin,
    )


@router.get("/envs")
async def list_envs(worker: WorkerDep) -> dict[str, list[dict[str, str]]]:
    """The environments this worker serves, by id (each loads on first use: details are per environment)."""
    return {"envs": [{"id": env_id} for env_id in worker.catalog.ids()]}


@router.get("/envs/{env_id}")
async def get_env(env_id: str, worker: WorkerDep) -> dict[str, object]:
    """An environment's description, tools, public tasks (no verifiers), volatile columns and foreign keys per
    table; for a code environment, its kind and its host (running or not, sandbox layers, failures)."""
    runtime = worker.catalog.get(env_id)
    about: dict[str, object] = {
        "id": runtime.id,
        "title": runtime.title,
        "description": runtime.description,
        "domain": runtime.domain,
        "version": runtime.version,
        "tools": [{"name": tool.name, "description": tool.description or ""} for tool in runtime.mcp_tools],
        "tasks": [PublicTask.of(task).model_dump() for task in runtime.tasks],
        "volatile": runtime.volatile,
        "references": runtime.references,
    }
    if isinstance(runtime, CodeRuntime):
        about["kind"] = "code"
        about["host"] = host_status(worker, runtime)
    return about


def host_status(worker: Worker, runtime: CodeRuntime) -> dict[str, object]:
    host = worker.hosts.get(runtime.id)
    if host is None:
        return {"running": False, "starts": 0}
    failures = [{"at": iso(event.at), "kind": event.kind, "message": event.message} for event in host.stats.failures]
    return {
        "running": host.running,
        "starts": host.stats.starts,
        "calls": host.stats.calls,
        "start_seconds": host.stats.start_seconds,
        "sandbox": host.stats.sandbox,
        "failures": failures,
    }


@router.get("/envs/{env_id}/tasks")
async def get_tasks(env_id: str, worker: WorkerDep) -> list[dict[str, object]]:
    """An environment's tasks in full, verifiers and reference solutions included."""
    return [task.model_dump() for task in worker.catalog.get(env_id).tasks]


@router.get("/envs/{env_id}/definition")
async def get_definition(env_id: str, worker: WorkerDep) -> EnvDefinition:
    """An environment in full, for operators: tables with columns and relations, tools with schemas, tasks."""
    runtime = worker.catalog.get(env_id)
    if isinstance(runtime, CodeRuntime):
        raise BadRequest(f"{env_id} is a code environment: read its bundle (env.json, app.py) for its definition")
    return define(runtime)


@router.get("/envs/{env_id}/tasks/{task_id}/reference", response_model=ReferenceReplay)
async def get_reference(env_id: str, task_id: str, worker: WorkerDep) -> Response:
    """A task's reference solution replayed on a fresh episode: each call's MCP result, up to the first that
    fails, and the state the solution leaves."""
    runtime = worker.catalog.get(env_id)
    task = runtime.task(task_id)
    if isinstance(runtime, CodeRuntime) or not isinstance(task, Task):
        raise BadRequest(f"{env_id}/{task_id} has no reference solution (a code environment's task)")
    return _json(replay_reference(worker.store, runtime, task))


@router.post("/episodes", status_code=201, response_model=EpisodeInfo)
async def create_episode(body: CreateEpisode, request: Request, worker: WorkerDep) -> Response:
    runtime = worker.catalog.get(body.env)
    task = runtime.task(body.task) if body.task is not None else None
    return _json(info(request, worker, worker.store.create(runtime, task)), 201)


@router.post("/episodes/batch", status_code=201, response_model=EpisodeBatch)
async def create_episodes(body: CreateEpisodes, request: Request, worker: WorkerDep) -> Response:
    """Many episodes in one request, in the order asked for: all of them, or none. A refusal says which
    episode it refused (``error.index``, counted from 0) and why."""
    created = _create_batch(worker, body.episodes)
    if isinstance(created, tuple):
        index, exc = created
        message = f"episode {index} of the batch: {exc.message} (no episode of the batch was kept)"
        return JSONResponse({"error": {"code": exc.code, "message": message, "index": index}}, exc.status)
    return _json(EpisodeBatch(episodes=[info(request, worker, e) for e in created]), 201)


def _create_batch(worker: Worker, asks: list[CreateEpisode]) -> list[LiveEpisode] | tuple[int, ServerError]:
    """Every episode asked for, or none and (the index of the one refused, why)."""
    wanted: list[tuple[EnvRuntime | CodeRuntime, Task | CodeTask | None]] = []
    for index, ask in enumerate(asks):
        try:
            runtime = worker.catalog.get(ask.env)
            wanted.append((runtime, runtime.task(ask.task) if ask.task is not None else None))
        except ServerError as exc:
            return index, exc
    created: list[LiveEpisode] = []
    for index, (runtime, task) in enumerate(wanted):
        try:
            created.append(worker.store.create(runtime, task))
        except ServerError as exc:
            for episode in created:
                worker.store.close(episode.id)
            return index, exc
    return created


@router.post("/episodes/close", response_model=ClosedEpisodes)
async def close_episodes(body: CloseEpisodes, worker: WorkerDep) -> Response:
    """Close many episodes in one request; those not live (never were, already closed, expired) say why."""
    closed: list[str] = []
    missing: dict[str, str] = {}
    for episode_id in body.episodes:
        try:
            worker.store.close(episode_id)
        except EpisodeNotFound as exc:
            missing[episode_id] = exc.message
        else:
            closed.append(episode_id)
    return _json(ClosedEpisodes(closed=closed, missing=missing))


@router.get("/episodes")
async def list_episodes(
    request: Request,
    response: Response,
    worker: WorkerDep,
    env: str | None = None,
    origin: str | None = None,
    limit: Annotated[int | None, Query(ge=1, le=10_000, description="a page: newest first")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[EpisodeInfo]:
    """Live episodes, optionally of one environment or one origin (e.g. ``mcp-session``); with ``limit``, one
    page of them, newest first, and how many there are in ``X-Total-Count``."""
    chosen = [e for e in worker.store if (env is None or e.env.id == env) and (origin is None or e.origin == origin)]
    if limit is not None:
        chosen.sort(key=lambda e: e.created_at, reverse=True)
        response.headers["X-Total-Count"] = str(len(chosen))
        chosen = chosen[offset : offset + limit]
    return [info(request, worker, e) for e in chosen]


@router.get("/episodes/{episode_id}")
async def get_episode(episode_id: str, request: Request, worker: WorkerDep) -> EpisodeInfo:
    return info(request, worker, _episode(worker, episode_id))


@router.delete("/episodes/{episode_id}", status_code=204)
async def close_episode(episode_id: str, worker: WorkerDep) -> Response:
    worker.store.close(episode_id)
    return Response(status_code=204)


@router.post("/episodes/{episode_id}/fork", status_code=201)
async def fork_episode(episode_id: str, request: Request, worker: WorkerDep) -> EpisodeInfo:
    return info(request, worker, worker.store.fork(_episode(worker, episode_id)))


@router.post("/episodes/{episode_id}/reset")
async def reset_episode(episode_id: str, request: Request, worker: WorkerDep) -> EpisodeInfo:
    episode = _episode(worker, episode_id)
    episode.reset()
    return info(request, worker, episode)


@router.post("/episodes/{episode_id}/snapshot", status_code=201)
async def snapshot_episode(episode_id: str, worker: WorkerDep) -> Snapshot:
    return Snapshot(snapshot_id=_episode(worker, episode_id).snapshot())


@router.post("/episodes/{episode_id}/restore")
async def restore_episode(episode_id: str, body: RestoreRequest, request: Request, worker: WorkerDep) -> EpisodeInfo:
    episode = _episode(worker, episode_id)
    episode.restore(body.snapshot_id)
    return info(request, worker, episode)


@router.get("/episodes/{episode_id}/state", response_model=State)
async def episode_state(
    episode_id: str, worker: WorkerDep, tables: Annotated[str | None, Query(description="comma-separated")] = None
) -> Response:
    names = [t.strip() for t in tables.split(",") if t.strip()] if tables else None
    return _json(read_state(_episode(worker, episode_id), names))


@router.post("/episodes/{episode_id}/query")
async def query_episode(episode_id: str, body: QueryRequest, worker: WorkerDep) -> QueryResult:
    return run_query(_episode(worker, episode_id), body.sql, body.params)


@router.get("/episodes/{episode_id}/diff")
async def episode_diff(episode_id: str, worker: WorkerDep) -> Diff:
    return diff(_episode(worker, episode_id))


@router.get("/episodes/{episode_id}/trace", response_model=Trace)
async def episode_trace(episode_id: str, worker: WorkerDep) -> Response:
    return _json(_trace(_episode(worker, episode_id)))


def _trace(episode: LiveEpisode) -> Trace:
    return Trace(episode_id=episode.id, calls=episode.trace.entries(), dropped=episode.trace.dropped)


@router.post("/episodes/{episode_id}/verify", response_model=VerifyResult)
async def verify_episode(episode_id: str, body: VerifyRequest, worker: WorkerDep) -> Response:
    """Run a task's verifier over the episode (default: the task it was created for); with the state and the
    trace it was run on, if asked (what scoring an episode reads, in one request)."""
    episode = _episode(worker, episode_id)
    if body.task is not None:
        task = episode.env.task(body.task)
    elif episode.task is not None:
        task = episode.task
    else:
        raise BadRequest(f'episode {episode.id} has no task; name one: {{"task": "<task id>"}}')
    if isinstance(task, CodeTask):
        result = await verify_code_task(task, episode.initial, episode.serialize(), body.answer, worker.settings.code)
    else:
        result = verify(episode, task, body.answer)
    if body.with_state:
        result.state = read_state(episode)
    if body.with_trace:
        result.trace = _trace(episode)
    return _json(result)


def _json(body: BaseModel, status: int = 200) -> Response:
    """``body`` as JSON, written by its own model: the hot routes skip the framework validating again what
    the worker has just built."""
    return Response(body.model_dump_json(), status_code=status, media_type="application/json")
