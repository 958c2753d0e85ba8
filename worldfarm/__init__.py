"""worldfarm's shared contract: the bundle and task models, their loader, control-plane bodies, errors.

It imports nothing above it. On it build ``servers``, ``registry`` and ``client`` (which reach the
servers only over HTTP and MCP) and ``generator`` (which may also use the servers' public API to run
its gate); the command line (``cli``) sits on top. ``tests/test_layers.py`` holds these rules.
"""

from worldfarm.answers import contains as answer_contains
from worldfarm.bundle import (
    BUNDLE_FORMAT,
    Annotations,
    CheckStep,
    Environment,
    ExecStep,
    Provenance,
    QueryStep,
    ReturnStep,
    Schema,
    SeedTable,
    Table,
    Tool,
)
from worldfarm.chat import ChatClient, ChatReply, ChatSettings, ChatUsage
from worldfarm.clock import fix_clock
from worldfarm.codeenv import CodeEnvironment, CodeTask, CodeTool, CodeVerifier
from worldfarm.errors import BundleError, ChatEndpointError, ConfigError, FarmError, WorldfarmError
from worldfarm.loader import (
    Bundle,
    CodeBundle,
    bundle_kind,
    find_bundles,
    load_any_bundle,
    load_bundle,
    load_code_bundle,
)
from worldfarm.task import Assertion, PublicTask, SolutionCall, Task, Verifier

__all__ = [
    "BUNDLE_FORMAT",
    "Annotations",
    "Assertion",
    "Bundle",
    "BundleError",
    "ChatClient",
    "ChatEndpointError",
    "ChatReply",
    "ChatSettings",
    "ChatUsage",
    "CheckStep",
    "CodeBundle",
    "CodeEnvironment",
    "CodeTask",
    "CodeTool",
    "CodeVerifier",
    "ConfigError",
    "Environment",
    "ExecStep",
    "FarmError",
    "Provenance",
    "PublicTask",
    "QueryStep",
    "ReturnStep",
    "Schema",
    "SeedTable",
    "SolutionCall",
    "Table",
    "Task",
    "Tool",
    "Verifier",
    "WorldfarmError",
    "answer_contains",
    "bundle_kind",
    "find_bundles",
    "fix_clock",
    "load_any_bundle",
    "load_bundle",
    "load_code_bundle",
]
