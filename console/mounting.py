"""Mounting the console on an app (a registry's or a worker's)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from console.pages import STATIC, Console, router
from console.runs import Runs
from console.views import FarmView


def mount(app: FastAPI, view: FarmView, *, token: str, runs: Path | None = None, title: str = "worldfarm") -> None:
    """Serve the console of ``view`` at ``/ui`` on ``app``; bench runs from the folder ``runs``."""
    app.state.console = Console(view=view, token=token, runs=Runs(runs), title=title)
    app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="console-static")
