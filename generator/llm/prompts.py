"""The prompts, one versioned file per stage in ``prompts/``.

A prompt file starts with a header of ``key: value`` lines between ``---`` lines (``stage``,
``version``, ``produces``: a one-line statement of what the stage must produce), then a
``## system`` section (optional) and a ``## user`` section. Sections are ``string.Template`` text: ``$name`` is filled
in, ``$$`` is a dollar sign, so JSON examples need no escaping. Bump ``version`` with any change
that should not reuse cached answers (the cache keys on it, and on the rendered text too).
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError

HERE = Path(__file__).parent / "prompts"
_SECTION = re.compile(r"^## (system|user)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Prompt:
    stage: str
    version: int
    produces: str
    system: str
    user: str

    def messages(self, **values: Any) -> list[dict[str, Any]]:
        """The system and user messages with ``values`` filled in; a missing value is a KeyError."""
        return [
            {"role": "system", "content": self.fill(self.system, values)},
            {"role": "user", "content": self.fill(self.user, values)},
        ]

    def fill(self, text: str, values: dict[str, Any]) -> str:
        return string.Template(text).substitute({k: str(v) for k, v in values.items()})


@functools.cache
def prompt(stage: str) -> Prompt:
    """The prompt of ``stage`` (the file ``prompts/<stage>.md``)."""
    return parse(stage, (HERE / f"{stage}.md").read_text(encoding="utf-8"))


def parse(stage: str, text: str) -> Prompt:
    head, _, body = text.removeprefix("---\n").partition("\n---\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    parts = _SECTION.split(body)
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    missing = [k for k in ("stage", "version", "produces") if k not in fields]
    missing += [] if "user" in sections else ["user"]
    if missing or fields.get("stage") != stage:
        raise GeneratorError(f"prompt file {HERE / stage}.md is malformed: missing {missing or 'stage: ' + stage}")
    return Prompt(stage, int(fields["version"]), fields["produces"], sections.get("system", ""), sections["user"])


def versions() -> dict[str, int]:
    """Every prompt's version, by stage."""
    return {path.stem: prompt(path.stem).version for path in sorted(HERE.glob("*.md"))}
