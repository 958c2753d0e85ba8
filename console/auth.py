"""Signing in to the console with the farm's token: once per browser, or on every request for scripts.

- a browser posts the token in the sign-in form, or opens any console URL with ``?token=...``: the
  console sets a cookie (HttpOnly, SameSite=Strict, path ``/ui``) and sends it on without the token;
- a script sends ``Authorization: Bearer <token>`` as it does to the control plane.

The cookie holds an HMAC of the token, never the token. Without either, every page answers 401 with
the sign-in form.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

COOKIE = "worldfarm_console"
PREFIX = "/ui"


class Answer(Exception):
    """Answer the request with ``response`` instead of the page (a redirect, the sign-in form)."""

    def __init__(self, response: Response) -> None:
        self.response = response


def session(token: str) -> str:
    """The cookie's value for ``token``."""
    return hmac.new(token.encode(), b"worldfarm console session", hashlib.sha256).hexdigest()


def same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


def signed_in(request: Request, token: str) -> bool:
    """Whether the request carries the token (bearer header) or the console's cookie."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and same(credentials, token):
        return True
    return same(request.cookies.get(COOKIE, ""), session(token))


def without_token(request: Request) -> str:
    """The request's path and query, less ``token``."""
    rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    return request.url.path + (f"?{urlencode(rest)}" if rest else "")


def signed_in_response(target: str, token: str) -> Response:
    response = RedirectResponse(safe_target(target), status_code=303)
    response.set_cookie(COOKIE, session(token), httponly=True, samesite="strict", path=PREFIX)
    return response


def safe_target(target: str) -> str:
    """Where to go after signing in: a console page only (never another site)."""
    return target if target.startswith(PREFIX) and not target.startswith("//") else PREFIX
