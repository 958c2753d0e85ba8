"""What a worker learns from the container or pod it runs in: the URL others reach it at, and its shard.

Docker and Kubernetes both set ``HOSTNAME`` in every container. Compose gives each replica of a
service its own host name (the container's short id), which the other containers of the project's
network resolve; a StatefulSet names its pods ``NAME-0``, ``NAME-1``, ... So one command line serves
every replica:

    worldfarm serve /data/envs --port 8000 --public-url auto      # http://$HOSTNAME:8000
    worldfarm serve /data/envs --name auto                        # named $HOSTNAME in the registry
    worldfarm serve /data/envs --registry URL --shard auto/16     # shard K of 16, K from "workers-K"

Outside a container ``HOSTNAME`` is usually not exported; the system's host name is used then.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping

from worldfarm.errors import ConfigError

AUTO = "auto"
_ORDINAL = re.compile(r".+-(\d+)")


def host_name(environ: Mapping[str, str] | None = None) -> str:
    """This container's host name: ``$HOSTNAME`` (Docker and Kubernetes set it), else the system's."""
    environ = os.environ if environ is None else environ
    return environ.get("HOSTNAME") or socket.gethostname()


def public_url(value: str | None, port: int, environ: Mapping[str, str] | None = None) -> str | None:
    """``--public-url``: ``auto`` becomes ``http://HOSTNAME:PORT``; anything else is kept as given."""
    if value != AUTO:
        return value
    if port == 0:
        raise ConfigError("--public-url auto names this worker's port: give a fixed --port (e.g. 8000), not 0")
    return f"http://{host_name(environ)}:{port}"


def name(value: str, environ: Mapping[str, str] | None = None) -> str:
    """``--name``: ``auto`` becomes the host name (so each replica has its own name in the registry)."""
    return host_name(environ) if value == AUTO else value


def shard(value: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """``--shard``: ``auto/N`` becomes ``K/N`` with K the ordinal ending the host name; ``K/N`` is kept."""
    if value is None or not value.startswith(f"{AUTO}/"):
        return value
    count = value.removeprefix(f"{AUTO}/")
    if not count.isdigit() or int(count) < 1:
        raise ConfigError(f"--shard {value}: write it as auto/N with N the number of workers, e.g. auto/16")
    name = host_name(environ)
    index = ordinal(name)
    if index >= int(count):
        raise ConfigError(
            f"--shard {value}: this is {name}, worker {index} counting from 0, but N is {count}; "
            "make N the StatefulSet's replicas"
        )
    return f"{index}/{count}"


def ordinal(name: str) -> int:
    """The ordinal of a StatefulSet pod from its host name: ``workers-3`` (or ``workers-3.workers...``) -> 3."""
    match = _ORDINAL.fullmatch(name.split(".", 1)[0])
    if match is None:
        raise ConfigError(
            f"--shard auto/N: this host's name {name!r} does not end in -K as a StatefulSet pod's does "
            "(workers-0, workers-1, ...); give the shard as K/N instead"
        )
    return int(match.group(1))
