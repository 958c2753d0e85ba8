"""A code environment over stdio: ``worldfarm serve BUNDLE --stdio`` with its app in a sandboxed host."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them


async def test_stdio_serves_a_code_environments_episode_to_a_real_subprocess_client(awm_envs: Path) -> None:
    bundle = awm_envs / "online_bookstore_12"
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "cli", "serve", str(bundle), "--stdio", "--task", "task-3"]
    )
    async with asyncio.timeout(120), Client(params) as client:
        prompt = await client.get_prompt("task")
        review = {"book_id": 4, "rating": 5, "comment": "A quiet masterpiece"}
        created = await client.call_tool("create_review", review)
        refused = await client.call_tool("create_review", {"book_id": 4, "rating": 9})
    assert "Gardens of Dust" in str(prompt.messages[0].content)
    assert created.structured_content == {"id": 3, "user_id": 1, **review}
    assert refused.is_error
