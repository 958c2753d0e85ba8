"""Run a deployment's command as if in its container: the container's own address and host name, and the
names of its network (Compose services, a headless Service's pod names) resolving to loopback addresses.

    WORLDFARM_TEST_HOSTS='{"registry": "127.0.0.1"}' HOSTNAME=workers-0 python -m tests.deploy.pod worldfarm serve ...

This machine has no container engine and no cluster DNS, and its servers listen on loopback only, so a
test gives each "container" an address of its own in 127.0.0.0/8 and this module stands in for the DNS:
``socket.getaddrinfo`` answers the names in ``WORLDFARM_TEST_HOSTS`` with their loopback address and
asks the system about every other name (on asyncio's event loop: uvloop resolves names itself). The
command itself is the deployment's, unchanged:
``worldfarm ARGS`` runs the real command line in this process.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Callable, Mapping
from typing import Any

HOSTS_VARIABLE = "WORLDFARM_TEST_HOSTS"


def resolving(hosts: Mapping[str, str], getaddrinfo: Callable[..., Any] = socket.getaddrinfo) -> Callable[..., Any]:
    """A ``getaddrinfo`` that answers ``hosts`` (name -> address) itself and asks ``getaddrinfo`` the rest."""

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        return getaddrinfo(hosts.get(name, host), *args, **kwargs)

    return resolve


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "worldfarm":
        raise SystemExit("usage: python -m tests.deploy.pod worldfarm ARGS...")
    socket.getaddrinfo = resolving(json.loads(os.environ.get(HOSTS_VARIABLE, "{}")))
    os.environ["WORLDFARM_EVENT_LOOP"] = "asyncio"  # uvloop resolves names in libuv, past this stand-in
    from cli import main as worldfarm

    return worldfarm(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
