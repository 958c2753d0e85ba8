"""The console's pages: server-rendered HTML (Jinja2 templates shipped in the package, one stylesheet, no
script), every one behind the farm's token (:mod:`console.auth`).

    /ui                         workers and their load, totals
    /ui/episodes?page=&env=     live episodes, newest first, 50 a page
    /ui/episodes/{id}           one episode: its trace, its diff since the start, its state
    /ui/envs?page=&q=           the environments, searchable, 50 a page
    /ui/envs/{env}              an environment: tables and relations, tools and schemas, tasks with their
                                verifiers and reference solutions (operators only: agents never reach /ui)
    /ui/runs                    bench runs in the --runs folder
    /ui/run?name=               a run: summary and episodes (its report at /ui/run/report?name=)
    /ui/run/episode?name=&env=&task=&trial=   a trajectory: messages, tool calls and results, reward
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.routing import APIRoute
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse, Response

from console import auth
from console.format import FILTERS
from console.runs import RunNotFound, Runs
from console.views import FarmView, page_of
from worldfarm.errors import ServiceError

TEMPLATES = Environment(loader=PackageLoader("console", "templates"), autoescape=select_autoescape(), auto_reload=False)
TEMPLATES.filters.update(FILTERS)
RESULTS_PER_PAGE = 100


@dataclass
class Console:
    view: FarmView
    token: str
    runs: Runs
    title: str

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = TEMPLATES.get_template(template).render(title=self.title, **context)
        return HTMLResponse(html, status_code=status)


def guard(request: Request) -> Console:
    """The console, if the request is signed in (or signs in with ``?token=``); else it answers the sign-in form."""
    console: Console = request.app.state.console
    given = request.query_params.get("token")
    if given is not None:
        if auth.same(given, console.token):
            raise auth.Answer(auth.signed_in_response(auth.without_token(request), console.token))
        raise auth.Answer(console.page("login.html", 401, error="That is not the farm's token.", next=request.url.path))
    if not auth.signed_in(request, console.token):
        raise auth.Answer(console.page("login.html", 401, error=None, next=auth.without_token(request)))
    return console


Signed = Annotated[Console, Depends(guard)]
PageNumber = Annotated[int, Query(ge=1)]


class ConsoleRoute(APIRoute):
    """A console route: a sign-in answer or a farm error (an episode gone, an unknown environment, a run
    not found) becomes a page, not the control plane's JSON error."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except auth.Answer as answer:
                return answer.response
            except ServiceError as exc:
                return _error_page(request, exc.status, exc.code, exc.message)
            except RunNotFound as exc:
                return _error_page(request, 404, "not_found", str(exc))

        return handle


def _error_page(request: Request, status: int, code: str, message: str) -> Response:
    console: Console = request.app.state.console
    return console.page("error.html", status, code=code, message=message)


router = APIRouter(prefix=auth.PREFIX, include_in_schema=False, route_class=ConsoleRoute)


@router.get("/login")
async def login_form(request: Request, next: str = auth.PREFIX) -> Response:
    console: Console = request.app.state.console
    return console.page("login.html", error=None, next=auth.safe_target(next))


@router.post("/login")
async def login(request: Request) -> Response:
    console: Console = request.app.state.console
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    token, target = form.get("token", [""])[0], form.get("next", [auth.PREFIX])[0]
    if not auth.same(token, console.token):
        return console.page("login.html", 401, error="That is not the farm's token.", next=auth.safe_target(target))
    return auth.signed_in_response(target, console.token)


@router.get("/logout")
async def logout(request: Request) -> Response:
    console: Console = request.app.state.console
    response = console.page("login.html", error=None, next=auth.PREFIX)
    response.delete_cookie(auth.COOKIE, path=auth.PREFIX)
    return response


@router.get("")
async def overview(console: Signed) -> Response:
    return console.page("overview.html", overview=await console.view.overview(), runs=len(console.runs.list()))


@router.get("/episodes")
async def episodes(console: Signed, page: PageNumber = 1, env: str | None = None) -> Response:
    return console.page("episodes.html", episodes=await console.view.episodes(page, env or None), env=env or "")


@router.get("/episodes/{episode_id}")
async def episode(console: Signed, episode_id: str) -> Response:
    return console.page("episode.html", episode=await console.view.episode(episode_id))


@router.get("/envs")
async def envs(console: Signed, page: PageNumber = 1, q: str | None = None) -> Response:
    return console.page("envs.html", envs=await console.view.envs(page, q or None), q=q or "")


@router.get("/envs/{env_id}")
async def env(console: Signed, env_id: str) -> Response:
    return console.page("env.html", env=await console.view.env(env_id))


@router.get("/runs")
async def runs(console: Signed) -> Response:
    return console.page("runs.html", runs=console.runs.list(), folder=console.runs.root)


@router.get("/run")
async def run(console: Signed, name: str, page: PageNumber = 1) -> Response:
    data = console.runs.run(name)
    results = page_of(data.results, page, RESULTS_PER_PAGE)
    return console.page("run.html", name=name, data=data, results=results)


@router.get("/run/report")
async def report(console: Signed, name: str) -> Response:
    return HTMLResponse(console.runs.report(name))


@router.get("/run/episode")
async def trajectory(console: Signed, name: str, env: str, task: str, trial: int) -> Response:
    data = console.runs.run(name)
    result = next((r for r in data.results if r.key == (env, task, trial)), None)
    if result is None:
        raise RunNotFound(f"run {name} has no episode {env}/{task}/{trial}")
    return console.page("trajectory.html", name=name, result=result, t=console.runs.trajectory(name, result))


STATIC = Path(__file__).parent / "static"
