"""Making environments: the offline blueprint generator and the validation gate every bundle passes.

    report = generate("envs", count=1000, seed=0)      # bundles + envs/report.json, envs/report.md
    path = default_set(Path.home() / ".cache/worldfarm")  # the standard set, generated once
    verdict = validate_bundle("envs/outdoor-gear-shop-0000")
    verdicts = validate_dir("envs", workers=2)

Environment ``i`` of a set depends only on (seed, ``i``, generator version): deterministic to the byte.
The LLM pipeline (``worldfarm generate --llm``) is :mod:`generator.llm`; its bundles pass the same gate.
"""

from generator.build import EnvRecord, env_id_for, generate_set, make_env
from generator.errors import GenerationFailed, GeneratorError
from generator.families import DOMAINS
from generator.gate import MIN_TASKS, BundleReport, BundleStats, check_task_fully, validate_bundle
from generator.report import build_report, render_markdown, write_report
from generator.sets import DEFAULT_COUNT, DEFAULT_SEED, default_set, generate, validate_dir
from generator.toolcheck import check_tools
from generator.world import GENERATOR_VERSION

__all__ = [
    "DEFAULT_COUNT",
    "DEFAULT_SEED",
    "DOMAINS",
    "GENERATOR_VERSION",
    "MIN_TASKS",
    "BundleReport",
    "BundleStats",
    "EnvRecord",
    "GenerationFailed",
    "GeneratorError",
    "build_report",
    "check_task_fully",
    "check_tools",
    "default_set",
    "env_id_for",
    "generate",
    "generate_set",
    "make_env",
    "render_markdown",
    "validate_bundle",
    "validate_dir",
    "write_report",
]
