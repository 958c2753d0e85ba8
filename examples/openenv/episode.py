"""An Agent World Model-style episode on the farm through OpenEnv, with openenv-core's own client.

python examples/openenv/episode.py   (the farm from WORLDFARM_URL and WORLDFARM_TOKEN, else the running `worldfarm up`)
"""

import asyncio

from openenv.core.generic_client import GenericEnvClient

from worldfarm.openenv import openenv_url
from worldfarm.settings import farm_token, farm_url


def call(tool: str, **arguments: object) -> dict[str, object]:
    return {"type": "call_tool", "tool_name": tool, "arguments": arguments}


async def main() -> None:
    url = openenv_url(farm_url(None), farm_token(None) or "")  # the URL `worldfarm up` prints: the token is in it
    async with GenericEnvClient(base_url=url) as env:
        reset = await env.reset(scenario="hotel", task="cancel-farid")  # or task_idx=4
        print("task:", reset.observation["task"])
        tools = await env.step({"type": "list_tools"})
        print(len(tools.observation["tools"]), "tools")
        for step in [call("search_guests", query="Farid"), call("cancel_booking", booking_id=6)]:
            print((await env.step(step)).observation["reward_type"])
        verdict = await env.step(call("verify", final_answer="Booking 6 is cancelled."))
        print("reward:", verdict.reward, verdict.observation["reward_type"])  # 1.0 complete
        await env.step(call("done"))  # frees the episode


asyncio.run(main())
