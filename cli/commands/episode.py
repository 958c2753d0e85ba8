"""``worldfarm episode new ENV``: create an episode on a farm (a worker or the registry) and print it as JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from worldfarm.errors import FarmError
from worldfarm.settings import TOKEN_VARIABLE, URL_VARIABLE, farm_token, farm_url, missing_token


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("episode", help="create, show or close an episode")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="create an episode; prints JSON with episode_id and mcp_url")
    new.add_argument("env", help="environment id")
    new.add_argument("--task", help="task id: the episode is for this task")
    show = actions.add_parser("show", help="print an episode's details")
    show.add_argument("episode_id")
    close = actions.add_parser("close", help="close an episode")
    close.add_argument("episode_id")
    for sub in (new, show, close):
        sub.add_argument("--farm", help=f"farm or worker URL (default: ${URL_VARIABLE}, else http://127.0.0.1:8000)")
        sub.add_argument("--token", help=f"control-plane token (default: ${TOKEN_VARIABLE})")
        sub.set_defaults(run=run)


ID_ACTIONS = ("show", "close")
FLAGS = ("-h", "--help", "--farm", "--token")
"""The options of ``episode show|close``: any other word that starts with ``-`` is an episode id."""


def dashed_ids(argv: list[str]) -> list[str]:
    """``episode show|close ID`` where ID starts with ``-`` (ids made before ids avoided it): move ID
    after ``--`` at the end, where argparse takes it as the positional it is, not as an option."""
    for index in range(len(argv) - 1):
        if argv[index] == "episode" and argv[index + 1] in ID_ACTIONS:
            head, rest = argv[: index + 2], argv[index + 2 :]
            for position, word in enumerate(rest):
                if word == "--":
                    return argv
                if position and rest[position - 1] in FLAGS[2:]:
                    continue  # the value of --farm or --token
                if word.startswith("-") and word not in FLAGS and not word.startswith(("--farm=", "--token=")):
                    return [*head, *rest[:position], *rest[position + 1 :], "--", word]
            return argv
    return argv


def run(args: argparse.Namespace) -> int:
    if args.action == "new":
        body = {"env": args.env, **({"task": args.task} if args.task else {})}
        result = request(args, "POST", "/v1/episodes", body)
    elif args.action == "show":
        result = request(args, "GET", f"/v1/episodes/{args.episode_id}")
    else:
        request(args, "DELETE", f"/v1/episodes/{args.episode_id}")
        result = {"closed": args.episode_id}
    print(json.dumps(result, indent=2))
    return 0


def request(args: argparse.Namespace, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    import httpx2

    url, token = farm_url(args.farm), farm_token(args.token)
    if token is None:
        raise missing_token(url)
    try:
        response = httpx2.request(method, url + path, json=body, headers={"Authorization": f"Bearer {token}"})
    except httpx2.TransportError as exc:
        raise FarmError(0, f"cannot reach the farm at {url} ({exc}); is it running? (worldfarm up)", url) from None
    if response.status_code >= 400:
        raise FarmError(response.status_code, _message(response), url + path)
    return response.json() if response.content else None


def _message(response: Any) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return str(response.text[:500] or response.reason_phrase)
