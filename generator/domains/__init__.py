"""The domain blueprints, as data: at least 60 domains over 13 areas of life and work.

Each area module lists its domains; :data:`DOMAINS` is their fixed order (environment ``i`` of a set
is ``DOMAINS[i % len(DOMAINS)]``), so appending a domain changes which environment gets which, and
bumps :data:`generator.world.GENERATOR_VERSION`.
"""

from __future__ import annotations

from generator.domains import commerce, finance, hospitality
from generator.spec import Domain

DOMAINS: tuple[Domain, ...] = (*commerce.DOMAINS, *hospitality.DOMAINS, *finance.DOMAINS)
