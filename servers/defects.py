"""Logging what failed on the worker's side, at a bounded rate: an agent can repeat a failing call
as often as it likes, and the log must not grow with it.

    log = RateLimitedLog(logging.getLogger(__name__), per_minute=10)
    log.error("tool %s failed: %s", name, message)

Past ``per_minute`` records in a minute, records are counted instead; the next one logged after the
minute says how many were left out.
"""

from __future__ import annotations

import logging
import time
from typing import Any

WINDOW = 60.0


class RateLimitedLog:
    def __init__(self, logger: logging.Logger, per_minute: int = 10) -> None:
        self.logger = logger
        self.per_minute = per_minute
        self.window_start = float("-inf")
        self.logged = 0
        self.suppressed = 0

    def error(self, message: str, *args: Any, exc_info: BaseException | None = None) -> bool:
        """Log ``message % args`` at ERROR (with ``exc_info``'s traceback) unless over the rate; True if logged."""
        now = time.monotonic()
        if now - self.window_start >= WINDOW:
            if self.suppressed:
                self.logger.error("%d more such errors were not logged in the last minute", self.suppressed)
            self.window_start, self.logged, self.suppressed = now, 0, 0
        if self.logged >= self.per_minute:
            self.suppressed += 1
            return False
        self.logged += 1
        self.logger.error(message, *args, exc_info=exc_info)
        return True
