"""Importing Agent World Model's released environments (``gen_*.jsonl``) as code bundles.

    result = import_release(Path("AgentWorldModel-1K"), Path("envs-awm"), workers=8)
    print(result.summary["imported"], "scenarios")

Each scenario becomes one bundle of kind ``code`` (``worldfarm.codeenv``), checked in the real
runtime as it is made; see docs/awm.md.
"""

from generator.awm.report import ScenarioReport
from generator.awm.run import ImportResult, import_release
from generator.awm.scenario import IMPORTER_VERSION, ImportOptions, import_scenario
from generator.awm.source import Scenario, SourceError, read_release

__all__ = [
    "IMPORTER_VERSION",
    "ImportOptions",
    "ImportResult",
    "Scenario",
    "ScenarioReport",
    "SourceError",
    "import_release",
    "import_scenario",
    "read_release",
]
