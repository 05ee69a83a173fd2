import math
import time

import pytest

from service import geo
from service.errors import InvalidInput


@pytest.mark.parametrize(
    ("plz", "lat", "lon", "place"),
    [
        ("86150", 48.365, 10.895, "Augsburg"),
        ("10115", 52.531, 13.383, "Berlin"),
        ("80331", 48.135, 11.571, "München"),
    ],
)
def test_lookup_matches_the_readme_values(plz: str, lat: float, lon: float, place: str) -> None:
    area = geo.lookup(plz)
    assert area is not None
    assert area.plz == plz
    assert area.lat == pytest.approx(lat, abs=0.001)
    assert area.lon == pytest.approx(lon, abs=0.001)
    assert area.place.startswith(place)


def test_lookup_knows_the_state_and_codes_with_a_leading_zero() -> None:
    dresden = geo.lookup("01067")
    assert dresden is not None
    assert (dresden.place, dresden.state) == ("Dresden", "Sachsen")
    assert geo.lookup(" 80331 ") == geo.lookup("80331")


@pytest.mark.parametrize("plz", ["00000", "99999", "1067", "ABCDE", "", "801331"])
def test_lookup_returns_none_for_unknown_or_malformed_codes(plz: str) -> None:
    assert geo.lookup(plz) is None


def test_the_table_has_every_german_code_once() -> None:
    areas = geo.all_areas()
    assert len(areas) == 8170
    assert len({area.plz for area in areas}) == len(areas)
    assert all(47.2 < area.lat < 55.1 and 5.8 < area.lon < 15.1 for area in areas)


def test_center_of_returns_lat_lon() -> None:
    assert geo.center_of("86150") == pytest.approx((48.36504, 10.89451))


@pytest.mark.parametrize(
    ("plz", "message"),
    [("8615", "five digits"), ("abcde", "five digits"), ("99999", "not in Kursfinder's table")],
)
def test_center_of_explains_a_bad_code(plz: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        geo.center_of(plz)


def test_distance_berlin_munich_is_about_504_km() -> None:
    distance = geo.haversine_km(*geo.center_of("10115"), *geo.center_of("80331"))
    assert distance == pytest.approx(504, abs=3)


def test_haversine_is_zero_for_the_same_point_and_symmetric() -> None:
    assert geo.haversine_km(48.0, 11.0, 48.0, 11.0) == 0
    there = geo.haversine_km(52.5, 13.4, 48.1, 11.6)
    back = geo.haversine_km(48.1, 11.6, 52.5, 13.4)
    assert there == pytest.approx(back)
    # A degree of latitude is about 111.2 km everywhere.
    assert geo.haversine_km(50.0, 8.0, 51.0, 8.0) == pytest.approx(111.2, abs=0.1)


def test_radius_search_is_exact_against_a_full_scan() -> None:
    lat, lon = geo.center_of("86150")
    for radius in (0.0, 2.5, 15.0, 60.0):
        expected = {
            area.plz
            for area in geo.all_areas()
            if geo.haversine_km(lat, lon, area.lat, area.lon) <= radius
        }
        assert set(geo.postal_codes_within(lat, lon, radius)) == expected


def test_radius_search_returns_distances_and_the_center_itself() -> None:
    lat, lon = geo.center_of("86150")
    found = geo.postal_codes_within(lat, lon, 10)
    assert found["86150"] == pytest.approx(0, abs=1e-9)
    assert "86152" in found and "80331" not in found
    assert all(0 <= distance <= 10 for distance in found.values())
    assert 10 < len(found) < 60


def test_radius_search_around_berlin_reaches_potsdam_but_not_leipzig() -> None:
    found = geo.postal_codes_within(*geo.center_of("10115"), 30)
    assert "14467" in found  # Potsdam, ~27 km
    assert not any(code.startswith("04") for code in found)  # Leipzig is ~150 km away


def test_radius_search_is_fast() -> None:
    lat, lon = geo.center_of("10115")
    geo.postal_codes_within(lat, lon, 25)  # load the table outside the timing
    started = time.perf_counter()
    for _ in range(100):
        geo.postal_codes_within(lat, lon, 25)
    per_call_ms = (time.perf_counter() - started) * 10
    assert per_call_ms < 5


@pytest.mark.parametrize(
    ("lat", "lon", "radius"),
    [(91.0, 10.0, 5.0), (50.0, 181.0, 5.0), (50.0, 10.0, -1.0), (50.0, 10.0, math.nan)],
)
def test_radius_search_rejects_impossible_input(lat: float, lon: float, radius: float) -> None:
    with pytest.raises(InvalidInput):
        geo.postal_codes_within(lat, lon, radius)
