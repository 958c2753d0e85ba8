"""Failures on the worker's side are logged at a bounded rate: repeating a failing call cannot flood the log."""

from __future__ import annotations

import logging

import pytest

from servers.defects import RateLimitedLog


def test_past_its_rate_a_log_counts_instead_of_writing(caplog: pytest.LogCaptureFixture) -> None:
    log = RateLimitedLog(logging.getLogger("tests.defects"), per_minute=10)
    with caplog.at_level(logging.ERROR, logger="tests.defects"):
        written = [log.error("tool %s failed", n, exc_info=ValueError("boom")) for n in range(1000)]
    assert written.count(True) == 10
    assert len(caplog.records) == 10
    assert log.suppressed == 990
