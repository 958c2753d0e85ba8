"""A rollout function in the shape TRL's GRPOTrainer takes (``rollout_func``), playing episodes on the
farm through OpenEnv; here a scripted policy replays each task's reference solution (no GPU needed).

python examples/openenv/rollout.py   (the farm from WORLDFARM_URL / WORLDFARM_TOKEN, else the running `worldfarm up`)
"""

import asyncio
import json
import re

import httpx2
from openenv.core.generic_client import GenericEnvClient

from worldfarm.openenv import openenv_url
from worldfarm.settings import farm_token, farm_url

TOOL_CALL = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)


async def play(env_url: str, scenario: str, task_idx: int, completion: str) -> float:
    """Run the completion's tool calls in a fresh episode; the farm's reward for what it left behind."""
    async with GenericEnvClient(base_url=env_url) as env:
        await env.reset(scenario=scenario, task_idx=task_idx)
        for call in TOOL_CALL.findall(completion):
            request = json.loads(call)
            await env.step({"type": "call_tool", "tool_name": request["name"], "arguments": request["arguments"]})
        answer = TOOL_CALL.sub("", completion).strip()
        verdict = await env.step({"type": "call_tool", "tool_name": "verify", "arguments": {"final_answer": answer}})
        await env.step({"type": "call_tool", "tool_name": "done", "arguments": {}})
        return float(verdict.reward or 0.0)


async def play_all(env_url: str, episodes: list[tuple[str, int]], completions: list[str]) -> list[float]:
    """Every completion played at once, each in an episode of its own."""
    games = [play(env_url, *episodes[i % len(episodes)], text) for i, text in enumerate(completions)]
    return list(await asyncio.gather(*games))


def make_rollout_func(env_url, episodes, generate):
    """``rollout_func(prompts, trainer)`` for TRL: ``generate`` turns prompts into completions (with TRL,
    ``trl.experimental.openenv.generate_rollout_completions`` and the tokenizer); each is played out."""

    def rollout_func(prompts, trainer):
        outputs = generate(prompts, trainer)
        rewards = asyncio.run(play_all(env_url, episodes, [out["text"] for out in outputs]))
        return {
            "prompt_ids": [out["prompt_ids"] for out in outputs],
            "completion_ids": [out["completion_ids"] for out in outputs],
            "logprobs": [out["logprobs"] for out in outputs],
            "env_reward": rewards,  # reaches reward functions as kwargs["env_reward"]
        }

    return rollout_func


def scripted_policy(tasks):
    """Answers each task's prompt with its reference solution as tool calls, then its expected answer
    (bytes stand in for tokens)."""
    by_prompt = {task["instruction"]: task for task in tasks}

    def generate(prompts, trainer):
        outputs = []
        for prompt in prompts:
            task = by_prompt[prompt]
            calls = [{"name": step["tool"], "arguments": step["arguments"]} for step in task["solution"]]
            text = "".join(f"<tool_call>{json.dumps(call)}</tool_call>" for call in calls)
            text += " ".join(task["verifier"]["answer"])
            outputs.append({"text": text, "prompt_ids": list(prompt.encode()), "completion_ids": list(text.encode())})
            outputs[-1]["logprobs"] = [0.0] * len(outputs[-1]["completion_ids"])
        return outputs

    return generate


def main() -> None:
    url, token = farm_url(None), farm_token(None) or ""
    tasks = httpx2.get(f"{url}/v1/envs/hotel/tasks", headers={"Authorization": f"Bearer {token}"}).json()[:4]
    episodes = [("hotel", index) for index in range(len(tasks))]
    rollout_func = make_rollout_func(openenv_url(url, token), episodes, scripted_policy(tasks))
    batch = rollout_func([t["instruction"] for t in tasks], trainer=None)
    print("env_reward:", batch["env_reward"])  # the reference solutions do what the tasks ask: 1.0 each


if __name__ == "__main__":
    main()
