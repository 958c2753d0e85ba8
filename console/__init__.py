"""The farm's web console at ``/ui``: workers, live episodes, environments, bench runs, in a browser.

Served by the registry (and by a single worker), behind the farm's token. The command line mounts it
on the app it serves:

    app = registry.create_app(reg)
    console.mount(app, console.RegistryView(reg), token=reg.settings.token, runs=Path("runs"))
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from console.pages import STATIC, Console, router
from console.registry_view import RegistryView
from console.runs import Runs
from console.views import FarmView
from console.worker_view import WorkerView

__all__ = ["FarmView", "RegistryView", "WorkerView", "mount"]


def mount(app: FastAPI, view: FarmView, *, token: str, runs: Path | None = None, title: str = "worldfarm") -> None:
    """Serve the console of ``view`` at ``/ui`` on ``app``; bench runs from the folder ``runs``."""
    app.state.console = Console(view=view, token=token, runs=Runs(runs), title=title)
    app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="console-static")
