"""OpenEnv on a worker: sessions over the worker's episodes, served as openenv-core's clients expect.

See :mod:`worldfarm.openenv` for the wire format, :mod:`servers.openenv.session` for the semantics.
"""

from servers.openenv.host import OpenEnvHost
from servers.openenv.routes import mount
from servers.openenv.session import Session, SessionFull
from servers.openenv.table import SessionTable

__all__ = ["OpenEnvHost", "Session", "SessionFull", "SessionTable", "mount"]
