"""The LLM pipeline: Agent World Model's synthesis stages against any OpenAI-compatible endpoint.

    from generator.llm import LLMOptions, generate_llm
    from worldfarm import ChatSettings

    chat = ChatSettings.from_env("Qwen/Qwen3-32B", "http://127.0.0.1:8000/v1", max_tokens=None, timeout=600)
    report = generate_llm(LLMOptions(out=Path("llm-envs"), chat=chat, scenarios=20))

Stages (each a structured-output call whose JSON Schema is cut from the bundle models): scenarios,
tasks, schema, seed data, tools (as tool programs), verifiers and reference solutions. Each answer is
executed and corrected with the checker's own messages in bounded rounds; what still fails is dropped
and reported. Bundles pass the same gate as the blueprint path's (:func:`generator.validate_bundle`).
"""

from generator.llm.cache import Answer, Cache, cache_key
from generator.llm.client import StructuredClient, StructuredMode
from generator.llm.diversity import DEFAULT_CATEGORIES, default_seeds, read_seeds
from generator.llm.ledger import Ledger
from generator.llm.models import STAGE_MODELS, json_schema
from generator.llm.pipeline import PIPELINE_VERSION, LLMOptions, generate_llm, run_pipeline
from generator.llm.prompts import prompt, versions
from generator.llm.report import Log, render

__all__ = [
    "DEFAULT_CATEGORIES",
    "PIPELINE_VERSION",
    "STAGE_MODELS",
    "Answer",
    "Cache",
    "LLMOptions",
    "Ledger",
    "Log",
    "StructuredClient",
    "StructuredMode",
    "cache_key",
    "default_seeds",
    "generate_llm",
    "json_schema",
    "prompt",
    "read_seeds",
    "render",
    "run_pipeline",
    "versions",
]
