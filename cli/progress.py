"""Progress of a long job (generating, validating): a bar on a terminal, plain lines in a log.

Output that is not a terminal (a log file, a container's log, CI) gets a line when the job starts,
one every ``interval`` seconds, and one when it ends, so a first start that takes minutes is never
silent; a terminal gets a bar on stderr.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, Literal, Self, TextIO, cast

from tqdm import tqdm

ProgressMode = Literal["auto", "bar", "lines", "off"]
PROGRESS_MODES: tuple[ProgressMode, ...] = ("auto", "bar", "lines", "off")
INTERVAL = 10.0


class Progress:
    """Count finished items of ``total``; use as a context manager, call :meth:`advance` per item."""

    def __init__(
        self,
        total: int,
        what: str,
        *,
        mode: ProgressMode = "auto",
        out: TextIO | None = None,
        interval: float = INTERVAL,
    ) -> None:
        self.total, self.what, self.interval = total, what, interval
        self.out = out or sys.stdout
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "lines"
        self.mode = mode
        self.done = 0
        self.started = self.last_line = time.monotonic()
        self._bar: tqdm[Any] | None = None

    def __enter__(self) -> Self:
        if self.mode == "bar":
            bar = tqdm(total=self.total, unit="env", desc=self.what, delay=1, file=sys.stderr)
            # with pandas installed (openenv-core brings it) the stubs type a bar without iterable tqdm[Never]
            self._bar = cast("tqdm[Any]", bar)
        elif self.mode == "lines":
            self._line(f"{self.what}: 0 of {self.total:,}")
        return self

    def advance(self, _: object = None) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update()
        elif self.mode == "lines" and time.monotonic() - self.last_line >= self.interval:
            self._line(self.status())

    def status(self) -> str:
        elapsed = time.monotonic() - self.started
        text = (
            f"{self.what}: {self.done:,} of {self.total:,} ({100 * self.done // max(1, self.total)}%), {elapsed:.0f} s"
        )
        if 0 < self.done < self.total:
            text += f", about {elapsed * (self.total - self.done) / self.done:.0f} s left"
        return text

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.mode == "lines" and exc_type is None:
            self._line(self.status())

    def _line(self, text: str) -> None:
        self.last_line = time.monotonic()
        print(text, file=self.out, flush=True)
