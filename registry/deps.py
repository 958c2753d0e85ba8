"""What the registry's routes depend on: the registry itself, and the farm's bearer token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from registry.errors import Unauthorized
from registry.service import Registry


async def registry_of(request: Request) -> Registry:
    """(Dependencies are ``async``: FastAPI would run a plain function in a worker thread, per request.)"""
    registry: Registry = request.app.state.registry
    return registry


_bearer = HTTPBearer(auto_error=False)


async def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    token = (await registry_of(request)).settings.token
    if credentials is None or not secrets.compare_digest(credentials.credentials.encode(), token.encode()):
        raise Unauthorized(
            "missing or wrong bearer token: send 'Authorization: Bearer <token>' with the farm's token "
            "(`worldfarm up` printed it; it is also the WORLDFARM_TOKEN the farm was started with)"
        )


RegistryDep = Annotated[Registry, Depends(registry_of)]
