"""Generated environments served through the real runtime: the foundation's conformance check, and
the reference solutions played by a real MCP client against a worker."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from servers import EnvRuntime, Worker, WorkerSettings, check_environment, create_app
from worldfarm import find_bundles, load_bundle

TOKEN = "generator-test-token"


def test_every_generated_environment_meets_the_servers_conformance_contract(generated: Path) -> None:
    problems = [p for path in find_bundles(generated) for p in check_environment(EnvRuntime(load_bundle(path)))]

    assert problems == []


async def test_reference_solutions_played_over_mcp_satisfy_their_verifiers(generated: Path) -> None:
    worker = Worker(WorkerSettings(bundles=generated, token=TOKEN))
    app = create_app(worker)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    played = 0
    async with app.router.lifespan_context(app):
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000", headers=auth) as http:
            for path in find_bundles(generated)[:3]:
                for line in (path / "tasks.jsonl").read_text().splitlines():
                    task = json.loads(line)
                    verdict = await play(http, path.name, task)
                    assert verdict["passed"], (path.name, task["id"], verdict)
                    played += 1
    assert played == 30


async def play(http: httpx2.AsyncClient, env: str, task: dict[str, object]) -> dict[str, object]:
    created = await http.post("/v1/episodes", json={"env": env, "task": task["id"]})
    assert created.status_code == 201, created.text
    episode = created.json()
    async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
        for call in task["solution"]:  # type: ignore[attr-defined]
            result = await client.call_tool(call["tool"], call["arguments"])
            assert not result.is_error, (call, result.content)
    answer = "; ".join(task["verifier"].get("answer", []))  # type: ignore[attr-defined]
    verdict = await http.post(f"/v1/episodes/{episode['episode_id']}/verify", json={"answer": answer})
    assert verdict.status_code == 200, verdict.text
    await http.delete(f"/v1/episodes/{episode['episode_id']}")
    outcome: dict[str, object] = verdict.json()
    return outcome
