"""An episode's trace: every tool call it ran, bounded in entries and in bytes.

An entry keeps a call's arguments, result and error. What is too big to keep is cut, and the entry
says so (``truncated``): a string past ``MAX_VALUE_CHARS``, arguments or a result past
``MAX_ENTRY_VALUE_BYTES``, an error message past ``MAX_ERROR_CHARS``. Lone surrogates are kept as
``\\udxxx`` escapes and nesting past ``MAX_DEPTH`` is left out, so a trace always serializes as JSON.
Once the entries together pass the episode's byte bound (or ``MAX_ENTRIES``), the oldest are dropped
and counted.

An entry's size is an estimate: the length of its values in ``marshal``'s encoding (C speed, close
to their JSON size) plus a fixed overhead. Arguments that passed validation and results up to
``MAX_ENTRY_VALUE_BYTES`` are kept whole and uncopied; only what is bigger (or was refused) is copied.
"""

from __future__ import annotations

import marshal
from collections import deque
from collections.abc import Iterator
from typing import Any

from servers.arguments import escaped
from worldfarm.control import TraceEntry

MAX_ENTRIES = 10_000
MAX_TRACE_BYTES = 4 * 1024 * 1024
"""Default bound on one episode's trace (``Limits.max_trace_bytes``)."""
MAX_ENTRY_VALUE_BYTES = 64 * 1024
MAX_VALUE_CHARS = 4096
MAX_ERROR_CHARS = 2000
MAX_DEPTH = 32
ENTRY_OVERHEAD = 256
"""Bytes counted for an entry's own fields (tool name, times, codes)."""


class CallTrace:
    """The calls of one episode, oldest first, dropped from the front past the bounds."""

    def __init__(self, max_bytes: int = MAX_TRACE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.dropped = 0
        self._entries: deque[TraceEntry] = deque()
        self._sizes: deque[int] = deque()

    def __iter__(self) -> Iterator[TraceEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, entry: TraceEntry, size: int) -> None:
        """Append ``entry`` (``size`` bytes), dropping the oldest entries until the bounds hold."""
        self._entries.append(entry)
        self._sizes.append(size)
        self.bytes += size
        while len(self._entries) > 1 and (self.bytes > self.max_bytes or len(self._entries) > MAX_ENTRIES):
            self._entries.popleft()
            self.bytes -= self._sizes.popleft()
            self.dropped += 1

    def entries(self) -> list[TraceEntry]:
        return list(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self._sizes.clear()
        self.bytes = 0
        self.dropped = 0

    def copy(self) -> CallTrace:
        twin = CallTrace(self.max_bytes)
        twin._entries, twin._sizes = deque(self._entries), deque(self._sizes)
        twin.bytes, twin.dropped = self.bytes, self.dropped
        return twin


def traced_arguments(arguments: dict[str, Any], checked: bool) -> tuple[dict[str, Any], int, bool]:
    """What the trace keeps of a call's arguments: (value, bytes, truncated).

    ``checked``: they passed validation (no surrogates, bounded nesting), so only their size matters.
    """
    if checked:
        size = len(marshal.dumps(arguments))
        if size <= MAX_ENTRY_VALUE_BYTES:
            return dict(arguments), size, False
    return _bounded(arguments)


def traced_result(result: dict[str, Any]) -> tuple[dict[str, Any], int, bool]:
    """What the trace keeps of a call's result: (value, bytes, truncated)."""
    try:
        size = len(marshal.dumps(result))
    except ValueError:  # a value marshal cannot encode: count it the slow way
        size = MAX_ENTRY_VALUE_BYTES + 1
    if size <= MAX_ENTRY_VALUE_BYTES:
        return result, size, False
    return _bounded(result)


def traced_error(message: str) -> tuple[str, bool]:
    """What the trace keeps of an error message: (text, truncated)."""
    if len(message) <= MAX_ERROR_CHARS:
        return message, False
    return f"{message[:MAX_ERROR_CHARS]}... [{len(message) - MAX_ERROR_CHARS:,} more characters left out]", True


def traced_name(name: str) -> str:
    """A tool name as the trace keeps it (an agent may send any string as one)."""
    return name if len(name) <= 200 and name.isascii() else escaped(name[:200])


def _bounded(value: dict[str, Any]) -> tuple[dict[str, Any], int, bool]:
    cutter = _Cutter(MAX_ENTRY_VALUE_BYTES)
    copied = cutter.mapping(value, 0)
    return copied, MAX_ENTRY_VALUE_BYTES - cutter.left, cutter.cut


class _Cutter:
    """Copies a JSON-like value within a byte budget, cutting what does not fit and saying where."""

    def __init__(self, budget: int) -> None:
        self.left = budget
        self.cut = False

    def value(self, value: Any, depth: int) -> Any:
        kind = type(value)
        if kind is str:
            return self.text(value)
        if kind is dict:
            return self.mapping(value, depth + 1)
        if kind is list:
            return self.sequence(value, depth + 1)
        if kind is bytes:
            self.left -= 16
            return f"<{len(value):,} bytes>"
        self.left -= 8
        return value

    def text(self, text: str) -> str:
        keep = max(0, min(len(text), MAX_VALUE_CHARS, self.left))
        self.left -= keep + 2
        if keep < len(text):
            self.cut = True
            text = f"{text[:keep]}... [{len(text) - keep:,} more characters left out]"
        return text if text.isascii() else escaped(text)

    def mapping(self, value: dict[str, Any], depth: int) -> dict[str, Any]:
        if depth > MAX_DEPTH:
            return {"...": self._deep()}
        out: dict[str, Any] = {}
        for count, (key, item) in enumerate(value.items()):
            if self.left <= 0:
                self.cut = True
                out["..."] = f"{len(value) - count:,} more entries left out"
                break
            name = self.text(key)
            out[name] = self.value(item, depth)
        return out

    def sequence(self, value: list[Any], depth: int) -> list[Any]:
        if depth > MAX_DEPTH:
            return [self._deep()]
        out: list[Any] = []
        for count, item in enumerate(value):
            if self.left <= 0:
                self.cut = True
                out.append(f"... {len(value) - count:,} more items left out")
                break
            self.left -= 1
            out.append(self.value(item, depth))
        return out

    def _deep(self) -> str:
        self.cut = True
        self.left -= 40
        return f"... nested deeper than {MAX_DEPTH} levels: left out"
