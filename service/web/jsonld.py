"""schema.org ``Course`` + ``CourseInstance`` JSON-LD for a course page.

Search engines read names and descriptions in the page's language; dates, place, capacity and price
come from the course record. Properties follow schema.org and what search engines ask for in course
markup (name, description, provider; per instance courseMode and dates).
"""

from __future__ import annotations

import json
from typing import Any

from service.courses import Course, Mode

COURSE_MODES = {Mode.IN_PERSON: "onsite", Mode.ONLINE: "online", Mode.HYBRID: "blended"}
ATTENDANCE_MODES = {Mode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
                    Mode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
                    Mode.HYBRID: "https://schema.org/MixedEventAttendanceMode"}


def _place(course: Course) -> dict[str, Any] | None:
    if course.mode is Mode.ONLINE:
        return {"@type": "VirtualLocation", "url": course.url} if course.url else None
    if not (course.postal_code or course.city or course.street):
        return None
    address = {"@type": "PostalAddress", "streetAddress": course.street, "postalCode": course.postal_code,
               "addressLocality": course.city, "addressCountry": "DE"}
    place: dict[str, Any] = {"@type": "Place", "name": course.provider or course.city,
                             "address": _compact(address)}
    if course.lat is not None and course.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": course.lat, "longitude": course.lon}
    return _compact(place)


def _offer(course: Course, url: str) -> dict[str, Any] | None:
    if course.price is None:
        return None
    return {"@type": "Offer", "price": f"{course.price:.2f}", "priceCurrency": "EUR",
            "category": "Free" if course.price == 0 else "Paid", "url": course.url or url}


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None and value != ""}


def course_jsonld(course: Course, *, url: str, name: str, description: str, provider: str) -> dict[str, Any]:
    """``url``: the page's canonical address; ``name``/``description``: in the page's language."""
    instance = _compact({
        "@type": "CourseInstance",
        "name": name,
        "courseMode": COURSE_MODES[course.mode],
        "eventAttendanceMode": ATTENDANCE_MODES[course.mode],
        "startDate": course.start_date.isoformat() if course.start_date else None,
        "endDate": course.end_date.isoformat() if course.end_date else None,
        "location": _place(course),
        "maximumAttendeeCapacity": course.max_participants,
        "remainingAttendeeCapacity": course.free_seats,
        "offers": _offer(course, url),
        "url": course.url or url,
    })
    return _compact({
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": f"{url}#course",
        "url": url,
        "name": name,
        "description": description,
        "courseCode": course.source_id,
        "educationalLevel": course.level,
        "provider": {"@type": "Organization", "name": provider},
        "isAccessibleForFree": None if course.price is None else course.price == 0,
        "hasCourseInstance": [instance],
    })


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: ``<`` is escaped, so no text in a course can close the tag."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
