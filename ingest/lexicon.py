"""The recognisers' view of the dictionaries: regions, chains, agencies and targets.

A thin adapter over ``ingest.gazetteer``, ``ingest.agencies`` and ``ingest.targets`` so that the
extraction code depends on a few typed calls, not on how the data files are organised.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionHit:
    start: int
    end: int
    code: str | None  # adcode, None for zones without one
    name: str  # canonical full name (青岛市)
    surface: str
    level: str  # province, city, district, county, zone, area
    ancestors: tuple[tuple[str | None, str, str], ...]  # (code, name, level) from parent upwards


@dataclass(frozen=True)
class ChainHit:
    start: int
    end: int
    canonical: str
    surface: str


@dataclass(frozen=True)
class AgencyHit:
    canonical: str
    full_name: str | None
    aliases: tuple[str, ...]
    kind: str
