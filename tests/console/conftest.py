"""A running farm for the console's tests: ``worldfarm up`` with live episodes that made tool calls, and a
bench run of a (fake) model in the runs folder it was given; Debian's chromium, driven by Playwright.

Screenshots of every page go to a folder under pytest's temporary directory and, when
``WORLDFARM_SCREENSHOTS`` names a folder, there too (for a reviewer to open).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright

from tests.conftest import AUTH, EXAMPLES, ROOT, TOKEN, Process, start_process, stop_process
from worldfarm.testing import FakeLLM, text, tool_calls

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS_VARIABLE = "WORLDFARM_SCREENSHOTS"
RUN_NAME = "fake-model"
BENCH = [sys.executable, "-m", "cli", "bench", "--agent", "openai", "--model", "fake-8b"]
HAVE_CHROMIUM = CHROMIUM.exists()


@dataclass
class ConsoleFarm:
    process: Process
    runs: Path
    episodes: list[str]
    """Live episodes, each with tool calls made over MCP (the first is cancel-farid, solved)."""

    @property
    def url(self) -> str:
        return self.process.url


@dataclass
class Shots:
    """Where screenshots go; ``take`` writes one of the page as it is now."""

    folders: list[Path]
    taken: list[Path] = field(default_factory=list)

    async def take(self, page: Page, name: str) -> None:
        first = self.folders[0] / f"{name}.png"
        await page.screenshot(path=str(first), full_page=True)
        for folder in self.folders[1:]:
            shutil.copy(first, folder / first.name)
        self.taken.append(first)


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Shots:
    folders = [tmp_path_factory.mktemp("screenshots")]
    if os.environ.get(SCREENSHOTS_VARIABLE):
        folders.append(Path(os.environ[SCREENSHOTS_VARIABLE]))
        folders[-1].mkdir(parents=True, exist_ok=True)
    return Shots(folders)


@pytest.fixture(scope="module")
def console_farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleFarm]:
    runs = tmp_path_factory.mktemp("runs")
    state = tmp_path_factory.mktemp("farm")
    args = ["up", "--envs", str(EXAMPLES), "--workers", "2", "--port", "0", "--state-dir", str(state)]
    process = start_process([*args, "--runs", str(runs)], ready=r"farm listening on (http://\S+)", timeout=90)
    try:
        bench_a_fake_model(process.url, runs / RUN_NAME)
        with ThreadPoolExecutor(1) as pool:  # this thread may have pytest-asyncio's loop running
            episodes = pool.submit(lambda: asyncio.run(open_episodes(process.url))).result(timeout=120)
        yield ConsoleFarm(process, runs, episodes)
    finally:
        stop_process(process)


def bench_a_fake_model(url: str, out: Path) -> None:
    """``worldfarm bench --agent openai`` against a scripted model: one solved task, one failed."""
    with FakeLLM.in_thread() as llm:
        llm.script(
            tool_calls(("search_guests", {"query": "Farid"})),
            tool_calls(("cancel_booking", {"booking_id": 6})),
            text("I cancelled Farid's booking 6; the deposit is refunded."),
        )
        environment = {**os.environ, "WORLDFARM_URL": url, "WORLDFARM_TOKEN": TOKEN, "OPENAI_BASE_URL": llm.base_url}
        done = subprocess.run(
            [*BENCH, "--envs", "hotel", "--tasks", "cancel-farid", "--out", str(out), "--no-progress"],
            capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr


async def open_episodes(url: str) -> list[str]:
    """Three live episodes on the farm, with tool calls, left open."""
    ids = []
    async with httpx2.AsyncClient(headers=AUTH, timeout=30) as http:
        for env, task in (("hotel", "cancel-farid"), ("hotel", None), ("library", None)):
            body = {"env": env, **({"task": task} if task else {})}
            created = (await http.post(f"{url}/v1/episodes", json=body)).json()
            ids.append(created["episode_id"])
            async with Client(streamable_http_client(created["mcp_url"], http_client=http)) as client:
                if env == "hotel":
                    await client.call_tool("search_guests", {"query": "Farid"})
                    await client.call_tool("cancel_booking", {"booking_id": 6 if task else 999})
                else:
                    await client.call_tool("no_such_tool", {})
    return ids


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Debian's chromium (never a browser Playwright downloads), headless, with a fresh profile."""
    if not HAVE_CHROMIUM:
        pytest.fail(
            "the console's browser tests need Debian's chromium: run scripts/install (apt-get install chromium)"
        )
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            await launched.close()


@dataclass
class Watched:
    """A page whose console errors and uncaught exceptions are kept."""

    page: Page
    errors: list[str]


@pytest.fixture
async def watched(browser: Browser) -> AsyncIterator[Watched]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.set_default_timeout(30_000)
    try:
        yield Watched(page, errors)
    finally:
        await context.close()
