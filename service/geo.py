"""German postal codes (PLZ): centroids, distances and radius search, offline.

The table ``service/data/plz_de.csv`` (© OpenStreetMap contributors, ODbL; see PLZ-LICENSE.md)
holds one centroid per five-digit postal code. It is read once, on first use, and kept in memory
twice: as a dict for lookups and as columns sorted by latitude, so a radius search only looks
at the latitude band the circle can reach instead of all 8,170 codes.
"""

from __future__ import annotations

import csv
import io
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from service.errors import InvalidInput
from service.i18n import N_

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180
_PLZ_PATTERN = re.compile(r"\d{5}")


@dataclass(frozen=True, slots=True)
class PostalArea:
    """One postal code: its centroid (WGS84), the place name and the federal state."""

    plz: str
    lat: float
    lon: float
    place: str
    state: str


@dataclass(frozen=True, slots=True)
class _PostalTable:
    by_plz: dict[str, PostalArea]
    # Parallel columns sorted by latitude, for the radius search.
    lats: list[float]
    lons: list[float]
    codes: list[str]


@cache
def _table() -> _PostalTable:
    text = resources.files("service").joinpath("data/plz_de.csv").read_text(encoding="utf-8")
    areas = [
        PostalArea(row["plz"], float(row["lat"]), float(row["lon"]), row["place"], row["state"])
        for row in csv.DictReader(io.StringIO(text))
    ]
    areas.sort(key=lambda area: area.lat)
    return _PostalTable(
        by_plz={area.plz: area for area in areas},
        lats=[area.lat for area in areas],
        lons=[area.lon for area in areas],
        codes=[area.plz for area in areas],
    )


def lookup(plz: str) -> PostalArea | None:
    """The postal area of a five-digit PLZ, or None if it is malformed or not in the table."""
    return _table().by_plz.get(plz.strip())


def all_areas() -> list[PostalArea]:
    """Every postal area in the table, in PLZ order."""
    return sorted(_table().by_plz.values(), key=lambda area: area.plz)


def center_of(plz: str) -> tuple[float, float]:
    """(lat, lon) of a PLZ's centroid; raises InvalidInput for a malformed or unknown PLZ."""
    code = plz.strip()
    if not _PLZ_PATTERN.fullmatch(code):
        raise InvalidInput(template=N_("'%(plz)s' is not a German postal code: use five digits, e.g. 10115"),
                           params={"plz": plz})
    area = lookup(code)
    if area is None:
        raise InvalidInput(template=N_("postal code %(plz)s is not in Kursfinder's table of German postal codes"),
                           params={"plz": code})
    return area.lat, area.lon


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def postal_codes_within(lat: float, lon: float, radius_km: float) -> dict[str, float]:
    """Every PLZ whose centroid lies within ``radius_km`` of (lat, lon): PLZ -> distance in km."""
    _check_point(lat, lon, radius_km)
    table = _table()
    d_lat = radius_km / KM_PER_DEGREE_LAT
    lo = bisect_left(table.lats, lat - d_lat)
    hi = bisect_right(table.lats, lat + d_lat)
    d_lon = _lon_span(lat, d_lat, radius_km)
    found: dict[str, float] = {}
    for i in range(lo, hi):
        # Cheap longitude prefilter before the trigonometry; the box contains the whole circle.
        if abs(table.lons[i] - lon) > d_lon:
            continue
        distance = haversine_km(lat, lon, table.lats[i], table.lons[i])
        if distance <= radius_km:
            found[table.codes[i]] = distance
    return found


def _lon_span(lat: float, d_lat: float, radius_km: float) -> float:
    # The circle is widest in longitude at its pole-ward edge, where a degree of longitude is
    # shortest; near the poles (not in Germany, but callers may pass anything) take every longitude.
    widest_lat = min(90.0, abs(lat) + d_lat)
    cos_lat = math.cos(math.radians(widest_lat))
    if cos_lat < 1e-6:
        return 360.0
    return min(360.0, radius_km / (KM_PER_DEGREE_LAT * cos_lat))


def _check_point(lat: float, lon: float, radius_km: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(f"({lat}, {lon}) is not a coordinate: latitude -90..90, longitude -180..180")
    if not radius_km >= 0:  # also rejects NaN
        raise InvalidInput(f"radius must be zero or more kilometres, got {radius_km}")
