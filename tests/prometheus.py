"""Reading a farm process's ``/metrics`` the way Prometheus does: with prometheus-client's own text parser."""

from __future__ import annotations

import httpx2
from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
"""Every sample by (name, labels)."""


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, metric: str, **labels: str) -> float:
    """One sample's value (0 if it is not there: a counter never incremented has no labelled child)."""
    return samples.get((metric, frozenset(labels.items())), 0.0)


async def scrape(http: httpx2.AsyncClient) -> Samples:
    """``GET /metrics`` with the client's token, parsed."""
    response = await http.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return parse(response.text)
