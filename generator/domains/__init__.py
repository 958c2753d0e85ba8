"""The domain blueprints, as data: 67 domains over 13 areas of life and work.

Each area module lists its domains; :data:`DOMAINS` is their fixed order (environment ``i`` of a set
is ``DOMAINS[i % len(DOMAINS)]``), so adding a domain changes which environment gets which, and
bumps :data:`generator.world.GENERATOR_VERSION`.
"""

from __future__ import annotations

from generator.domains import (
    commerce,
    education,
    finance,
    government,
    health,
    hobbies,
    home,
    hospitality,
    hr,
    logistics,
    media,
    software,
    travel,
)
from generator.spec import Domain

_AREAS = (
    commerce,
    travel,
    health,
    finance,
    education,
    government,
    logistics,
    media,
    hr,
    hospitality,
    software,
    home,
    hobbies,
)
_BY_AREA = [area.DOMAINS for area in _AREAS]

DOMAINS: tuple[Domain, ...] = tuple(d for group in zip(*[g[:5] for g in _BY_AREA], strict=True) for d in group) + tuple(
    d for g in _BY_AREA for d in g[5:]
)
"""Interleaved by area, so the first environments of a set already span every area."""
