"""The sandbox on this machine: each misbehaviour of the fixture's photo_gallery_3 app is contained, its
host killed and reported, and the next call served by a fresh host; then each kernel layer alone
(the audit hooks off) is shown to refuse what it is there to refuse. A layer this machine cannot
apply is skipped, with the reason the host gave."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from servers import (
    CodeRuntime,
    CodeSettings,
    EnvironmentDefect,
    EpisodeStore,
    HostPool,
    ServerError,
    call_code_tool,
    run_verifier,
)
from servers.code.host.sandbox import LAYERS
from tests.conftest import AWM_TEST_SETTINGS
from worldfarm import CodeVerifier, load_code_bundle

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them

KERNEL = tuple(layer for layer in LAYERS if layer != "audit")


@pytest.fixture(scope="module")
def gallery(awm_envs: Path) -> CodeRuntime:
    return CodeRuntime(load_code_bundle(awm_envs / "photo_gallery_3"))


async def failure(
    gallery: CodeRuntime, layers: tuple[str, ...], tool: str, **arguments: object
) -> tuple[str, HostPool]:
    """The error calling ``tool`` gets with only ``layers`` on, after checking they are active here."""
    pool = HostPool(CodeSettings(**{**AWM_TEST_SETTINGS.__dict__, "layers": layers}))
    store = EpisodeStore()
    episode = store.create(gallery)
    ready = await pool.host(gallery.spec).start()
    for layer in layers:
        if not ready["sandbox"][layer].startswith("active"):
            await pool.close()
            pytest.skip(f"the {layer} layer is not available here: {ready['sandbox'][layer]}")
    try:
        with pytest.raises(ServerError) as caught:
            await call_code_tool(pool, gallery, episode, tool, dict(arguments))
    except BaseException:
        await pool.close()
        raise
    return caught.value.message, pool


@pytest.fixture
async def pools() -> AsyncIterator[list[HostPool]]:
    opened: list[HostPool] = []
    yield opened
    for pool in opened:
        await pool.close()


@pytest.mark.parametrize(
    ("tool", "arguments", "kind", "says"),
    [
        ("get_exif", {"photo_id": 1}, "violation", "reading /etc/passwd is not allowed"),
        ("export_album", {"album_id": 1}, "violation", "writing a file: /var/tmp/album-1.json"),
        ("backup_gallery", {}, "violation", "starting a process (subprocess.Popen)"),
        ("notify_followers", {"photo_id": 1}, "violation", "socket"),
        ("make_thumbnail", {"photo_id": 1}, "memory", "ran out of memory (1024 MiB)"),
        ("recompute_stats", {}, "timeout", "ran past the 2 s limit"),
    ],
)
async def test_misbehaving_code_is_contained_killed_reported_and_replaced(
    gallery: CodeRuntime, pools: list[HostPool], tool: str, arguments: dict[str, object], kind: str, says: str
) -> None:
    message, pool = await failure(gallery, LAYERS, tool, **arguments)
    pools.append(pool)
    assert says in message
    assert "Nothing was changed" in message
    host = pool.host(gallery.spec)
    assert not host.running
    assert [event.kind for event in host.stats.failures] == [kind]
    store = EpisodeStore()
    result = await call_code_tool(pool, gallery, store.create(gallery), "count_followers", {})
    assert result.structured == {"count": 2}
    assert host.stats.starts == 2


@pytest.mark.parametrize(
    ("layers", "tool", "arguments", "says"),
    [
        (("landlock",), "get_exif", {"photo_id": 1}, "[Errno 13] Permission denied: '/etc/passwd'"),
        (("landlock",), "export_album", {"album_id": 1}, "[Errno 13] Permission denied: '/var/tmp/album-1.json'"),
        (("seccomp",), "backup_gallery", {}, "[Errno 1] Operation not permitted"),
        (("seccomp",), "notify_followers", {"photo_id": 1}, "[Errno 1] Operation not permitted"),
        (("network",), "notify_followers", {"photo_id": 1}, "Network is unreachable"),
        (("rlimits",), "make_thumbnail", {"photo_id": 1}, "ran out of memory"),
        (KERNEL, "get_exif", {"photo_id": 1}, "Permission denied"),
    ],
)
async def test_each_kernel_layer_refuses_on_its_own(
    gallery: CodeRuntime,
    pools: list[HostPool],
    layers: tuple[str, ...],
    tool: str,
    arguments: dict[str, object],
    says: str,
) -> None:
    message, pool = await failure(gallery, layers, tool, **arguments)
    pools.append(pool)
    assert says in message


async def test_seccomp_alone_refuses_a_fork_that_would_otherwise_succeed(gallery: CodeRuntime) -> None:
    code = "def verify_task(a, b):\n    import os\n    return {'forked': os.fork() >= 0}\n"
    verifier = CodeVerifier(mode="sql", function="verify_task", code=code)
    template = gallery.template
    free = await run_verifier(verifier, template, template, None, CodeSettings(layers=()))
    assert free.returned == {"forked": True}
    caged = await run_verifier(verifier, template, template, None, CodeSettings(layers=("seccomp",)))
    assert caged.error == "PermissionError: [Errno 1] Operation not permitted"


async def test_a_verifier_reads_its_two_databases_and_cannot_change_them(gallery: CodeRuntime) -> None:
    code = (
        "def verify_task(initial_db_path, final_db_path):\n"
        "    import sqlite3\n"
        "    conn = sqlite3.connect(final_db_path)\n"
        "    users = conn.execute('SELECT COUNT(*) FROM users').fetchone()[0]\n"
        "    try:\n"
        "        conn.execute('DELETE FROM users')\n"
        "        conn.commit()\n"
        "        return {'users': users, 'deleted': True}\n"
        "    except sqlite3.Error as exc:\n"
        "        return {'users': users, 'refused': str(exc)}\n"
    )
    for layers in (LAYERS, ("landlock",)):
        run = await run_verifier(
            CodeVerifier(mode="sql", function="verify_task", code=code),
            gallery.template,
            gallery.template,
            None,
            CodeSettings(layers=layers),
        )
        assert run.returned == {"users": 3, "refused": "attempt to write a readonly database"}, layers


async def test_a_verifier_that_never_returns_is_stopped_at_its_limit(gallery: CodeRuntime) -> None:
    task = gallery.task("task-5")
    assert task.verifier is not None
    run = await run_verifier(task.verifier, gallery.template, gallery.template, None, AWM_TEST_SETTINGS)
    assert run.error == "it ran past the 3 s limit and was stopped"


def test_environment_defects_are_not_the_agents_fault() -> None:
    assert EnvironmentDefect.code == "environment_defect"
