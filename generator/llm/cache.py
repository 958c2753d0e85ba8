"""A content-addressed cache of model answers on disk, so an interrupted run resumes without paying twice.

The key of an answer is the SHA-256 of (stage, prompt version, model, the request: its messages and
the JSON Schema it asks for). Correction rounds are requests like any other, so a rerun replays the
whole run from the cache: the pipeline is deterministic given the answers. Only answers are stored,
never failures; each is one JSON file written atomically (``<root>/<k[:2]>/<k>.json``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

CACHE_FORMAT = 1


@dataclass(frozen=True)
class Answer:
    """What the model said: its text, why it stopped, and what it cost."""

    text: str
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False


def cache_key(stage: str, version: int, model: str, request: dict[str, Any]) -> str:
    material = {"format": CACHE_FORMAT, "stage": stage, "version": version, "model": model, "request": request}
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


class Cache:
    """Answers by key under ``root``; ``root=None`` keeps nothing."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Answer | None:
        if self.root is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return Answer(
                text=str(data["text"]),
                finish_reason=data.get("finish_reason"),
                prompt_tokens=int(data.get("prompt_tokens", 0)),
                completion_tokens=int(data.get("completion_tokens", 0)),
                cached=True,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, or a torn or foreign file: ask again

    def put(self, key: str, answer: Answer, stage: str) -> None:
        if self.root is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {**asdict(answer), "cached": False, "stage": stage}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle, sort_keys=True)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
