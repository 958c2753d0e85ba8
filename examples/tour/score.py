"""Open an episode for a task, act in it, and score the state it was left in.

python examples/tour/score.py   (the farm from WORLDFARM_URL / WORLDFARM_TOKEN, else the running `worldfarm up`)
"""

import asyncio
import sys

from client import Farm
from worldfarm.errors import WorldfarmError
from worldfarm.settings import farm_token, farm_url


async def main() -> None:
    farm = Farm(farm_url(None), farm_token(None) or "")
    async with farm, farm.episode("hotel", "cancel-farid") as episode:
        print("task:", episode.instruction)
        await episode.call_tool("cancel_booking", {"booking_id": 6})
        print("changed:", sorted((await episode.diff()).tables))
        reward = await episode.reward(answer="Done: booking 6 is cancelled and refunded.")
        print("reward:", reward.reward, reward.summary())
        for assertion in reward.assertions:
            print(" ", "pass" if assertion.passed else "FAIL", assertion.message)


try:
    asyncio.run(main())
except WorldfarmError as exc:  # no farm running, a wrong token, an unknown task: one line, no traceback
    sys.exit(f"score.py: {exc}")
