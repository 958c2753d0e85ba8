"""``/v1/workers``: workers register, heartbeat, upload environment summaries and deregister here."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from registry.deps import RegistryDep, require_token
from registry.errors import UnknownWorker
from worldfarm.membership import EnvSummaries, Heartbeat, RegistrationAnswer, WorkerRegistration

router = APIRouter(prefix="/v1/workers", dependencies=[Depends(require_token)])


@router.post("", status_code=201)
async def register(body: WorkerRegistration, registry: RegistryDep) -> RegistrationAnswer:
    registry.pool.register(body)
    return RegistrationAnswer(
        heartbeat_interval=registry.liveness.interval,
        missing_summaries=registry.catalog.missing(body.envs, body.fingerprints),
    )


@router.put("/{instance}/heartbeat", status_code=204)
async def heartbeat(instance: str, body: Heartbeat, registry: RegistryDep) -> Response:
    registry.pool.heartbeat(instance, body)
    return Response(status_code=204)


@router.put("/{instance}/envs", status_code=204)
async def summaries(instance: str, body: EnvSummaries, registry: RegistryDep) -> Response:
    worker = registry.pool.get(instance)
    if worker is None:
        raise UnknownWorker(f"no worker instance {instance!r} here; register first (POST /v1/workers)")
    registry.catalog.add([s for s in body.envs if s.id in worker.envs])
    return Response(status_code=204)


@router.delete("/{instance}", status_code=204)
async def deregister(instance: str, registry: RegistryDep) -> Response:
    registry.pool.deregister(instance)
    return Response(status_code=204)


@router.get("")
async def list_workers(registry: RegistryDep) -> dict[str, list[dict[str, Any]]]:
    """Every known worker: status, load, and how many placements the registry holds on it."""
    placed = registry.store.placement_counts()
    return {"workers": [{**w.describe(), "placements": placed.get(w.instance, 0)} for w in registry.pool.all()]}
