"""The farm's web console at ``/ui``: workers, live episodes, environments, bench runs, in a browser.

Served by the registry (and by a single worker), behind the farm's token. The command line mounts it
on the app it serves:

    app = registry.create_app(reg)
    console.mount(app, console.RegistryView(reg), token=reg.settings.token, runs=Path("runs"))
"""

from console.mounting import mount
from console.registry_view import RegistryView
from console.views import FarmView
from console.worker_view import WorkerView

__all__ = ["FarmView", "RegistryView", "WorkerView", "mount"]
