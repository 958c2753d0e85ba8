"""Connect any MCP client to an episode: here the MCP Python SDK's own client.

python examples/tour/connect.py MCP_URL
"""

import asyncio
import sys

from mcp import Client


async def main(mcp_url: str) -> None:
    async with Client(mcp_url) as client:
        tools = await client.list_tools()
        print(len(tools.tools), "tools, e.g.", ", ".join(tool.name for tool in tools.tools[:4]))
        found = await client.call_tool("search_guests", {"query": "Farid"})
        print("found:", found.structured_content)
        refused = await client.call_tool("cancel_booking", {"booking_id": 2})
        print("refused:", refused.content[0].text)  # a rule, explained: nothing was changed


if len(sys.argv) != 2 or not sys.argv[1].rstrip("/").endswith("/mcp"):
    sys.exit("usage: python examples/tour/connect.py MCP_URL  (an episode's mcp_url, ending in /mcp)")
asyncio.run(main(sys.argv[1]))
