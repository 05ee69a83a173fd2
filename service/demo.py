"""Demo data: realistic BAMF-style course lists as NAvI CSV, seeded and fast.

The generated file looks like what an office exports: every course type, 50 cities with real
postal codes from the shipped table, providers that run many courses at one address, and the same
module descriptions and boilerplate repeated across courses as they are in real lists. It is made
up: links point to ``https://example.org/kursfinder-demo/...`` and the private schools are fictional.
The same ``n``, ``seed`` and ``today`` always give the same file, byte for byte.

It is also the input of the 100k-course benchmark, so it builds rows from precomputed pieces.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from service import geo
from service.courses import COURSE_TYPE_LABELS_DE, CourseType
from service.ingest.navi_csv import REQUIRED_COLUMNS

DEMO_COLUMNS = (*REQUIRED_COLUMNS, "Niveau", "Zielgruppe", "Max. Teilnehmende")
LINK_BASE = "https://example.org/kursfinder-demo/"

# (name in the Ort column, place in the PLZ table, weight ~ how many courses it has)
CITIES: tuple[tuple[str, str, int], ...] = (
    ("Berlin", "Berlin", 14), ("Hamburg", "Hamburg", 7), ("München", "München", 6), ("Köln", "Köln", 5),
    ("Frankfurt am Main", "Frankfurt am Main", 4), ("Stuttgart", "Stuttgart", 3),
    ("Düsseldorf", "Düsseldorf", 3), ("Leipzig", "Leipzig", 3), ("Dortmund", "Dortmund", 3),
    ("Essen", "Essen", 3), ("Bremen", "Bremen", 3), ("Dresden", "Dresden", 3), ("Hannover", "Hannover", 3),
    ("Nürnberg", "Nürnberg", 3), ("Duisburg", "Duisburg", 2), ("Bochum", "Bochum", 2),
    ("Wuppertal", "Wuppertal", 2), ("Bielefeld", "Bielefeld", 2), ("Bonn", "Bonn", 2),
    ("Münster", "Münster", 2),
    ("Mannheim", "Mannheim", 2), ("Karlsruhe", "Karlsruhe", 2), ("Augsburg", "Augsburg", 2),
    ("Wiesbaden", "Wiesbaden", 2), ("Mönchengladbach", "Mönchengladbach", 1),
    ("Gelsenkirchen", "Gelsenkirchen", 2), ("Aachen", "Aachen", 1), ("Braunschweig", "Braunschweig", 1),
    ("Kiel", "Kiel", 1), ("Chemnitz", "Chemnitz", 1), ("Halle (Saale)", "Halle/ Saale", 1),
    ("Magdeburg", "Magdeburg", 1), ("Freiburg im Breisgau", "Freiburg im Breisgau", 1),
    ("Krefeld", "Krefeld", 1), ("Mainz", "Mainz", 1), ("Lübeck", "Lübeck", 1), ("Erfurt", "Erfurt", 1),
    ("Oberhausen", "Oberhausen", 1), ("Rostock", "Rostock", 1), ("Kassel", "Kassel", 1),
    ("Hagen", "Hagen", 1), ("Potsdam", "Potsdam", 1), ("Saarbrücken", "Saarbrücken", 1),
    ("Hamm", "Hamm", 1), ("Ludwigshafen am Rhein", "Ludwigshafen am Rhein", 1),
    ("Osnabrück", "Osnabrück", 1), ("Heidelberg", "Heidelberg", 1), ("Darmstadt", "Darmstadt", 1),
    ("Regensburg", "Regensburg", 1), ("Würzburg", "Würzburg", 1),
)  # fmt: skip

PROVIDERS = (
    "Volkshochschule {city}", "Caritasverband {city} e.V.", "AWO Kreisverband {city} e.V.",
    "Internationaler Bund (IB) {city}", "DAA Deutsche Angestellten-Akademie {city}", "Diakonie {city}",
    "DRK-Kreisverband {city} e.V.", "Sprachschule Brücke {city}", "Lernwerk Deutsch {city}",
    "Sprachinstitut Mosaik {city}", "Bildungszentrum Kompass {city}",
)  # fmt: skip
STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Marktplatz", "Kirchstraße",
    "Goethestraße", "Schillerstraße", "Lindenallee", "Friedrichstraße", "Am Rathaus", "Wilhelmstraße",
)  # fmt: skip

_TIMES = {
    "morning": ("Mo-Fr 08:30-12:45", "Mo-Fr 09:00-12:15", "Mo-Do 08:15-12:30", "Mo-Fr vormittags"),
    "afternoon": ("Mo-Fr 13:00-16:15", "Mo-Do 13:30-17:30", "Mo, Mi, Fr 14:00-17:15"),
    "evening": ("Mo, Mi 18:00-21:15", "Di, Do 18:00-21:15", "Mo-Do 17:30-20:45"),
    "weekend": ("Sa 09:00-14:00", "Sa, So 10:00-15:00", "Fr 17:00-20:00, Sa 09:00-15:00"),
}
_FUNDING = (
    "Die Teilnahme ist für Menschen mit Berechtigung oder Verpflichtung durch das BAMF kostenlos "
    "oder kostet 2,29 € pro Unterrichtseinheit. Fahrtkosten können erstattet werden."
)
_ENROLL = "Anmeldung und Einstufung nach Terminvereinbarung. Bitte bringen Sie Ihren Ausweis mit."
_IK_INTRO = (
    "Der Integrationskurs besteht aus einem Sprachkurs und einem Orientierungskurs. Ziel ist "
    "Deutsch auf dem Niveau B1 und Wissen über Rechtsordnung, Geschichte und Kultur in Deutschland."
)
_IK_MODULES = (
    "Modul {m}: Alltag, Wohnen, Einkaufen und Gesundheit. Sie lernen, sich vorzustellen, Termine "
    "zu vereinbaren und Formulare auszufüllen.",
    "Modul {m}: Arbeit und Beruf, Ämter und Behörden. Sie üben Telefonate, Briefe und Gespräche "
    "mit Nachbarn, Kolleginnen und Kollegen.",
    "Modul {m}: Kinder und Schule, Medien, Freizeit. Sie sprechen über Erfahrungen und Pläne und "
    "bereiten sich auf den Deutsch-Test für Zuwanderer (DTZ) vor.",
)


_MODULE_BASE = {"A1": 0, "A2": 2, "B1": 4}


@dataclass(frozen=True, slots=True)
class _Kind:
    """One kind of course: how the office names it and what its courses look like."""

    course_type: CourseType
    weight: int
    kursart: str
    titles: tuple[str, ...]  # may use {level}, {module}, {sub}
    levels: tuple[str, ...]
    target_group: str
    paragraphs: tuple[str, ...]
    times: tuple[str, ...]  # keys of _TIMES
    weeks: tuple[int, int]
    seats: int


def _kind(course_type: CourseType, weight: int, **fields: object) -> _Kind:
    kursart = fields.pop("kursart", COURSE_TYPE_LABELS_DE[course_type])
    return _Kind(course_type, weight, kursart=kursart, **fields)  # type: ignore[arg-type]


KINDS: tuple[_Kind, ...] = (
    _kind(
        CourseType.INTEGRATION_GENERAL, 28,
        titles=("Integrationskurs {level} – Modul {module}", "Deutsch im Integrationskurs {level}",
                "Allgemeiner Integrationskurs, Modul {module} ({level}.{sub})"),
        levels=("A1", "A2", "B1"), target_group="Zugewanderte mit Berechtigung oder Verpflichtung",
        paragraphs=(_IK_INTRO, "{module_text}", _FUNDING, _ENROLL),
        times=("morning", "afternoon", "evening"), weeks=(8, 16), seats=25,
    ),
    _kind(
        CourseType.INTEGRATION_LITERACY, 6,
        titles=("Integrationskurs mit Alphabetisierung",
                "Alphabetisierungskurs im Integrationskurs – Modul {module}"),
        levels=("A1", "A2"), target_group="Menschen, die noch nicht lesen und schreiben können",
        paragraphs=("In diesem Kurs lernen Sie Lesen und Schreiben in lateinischer Schrift und gleichzeitig "
                    "Deutsch. Kleine Gruppen, viel Zeit für Übungen.", _FUNDING, _ENROLL),
        times=("morning",), weeks=(12, 24), seats=16,
    ),
    _kind(
        CourseType.INTEGRATION_YOUTH, 4,
        titles=("Jugendintegrationskurs {level}", "Integrationskurs für junge Erwachsene ({level})"),
        levels=("A1", "A2", "B1"), target_group="Junge Erwachsene bis 27 Jahre",
        paragraphs=(_IK_INTRO, "Mit Praktikum, Bewerbungstraining und Vorbereitung auf Schule, Ausbildung "
                    "oder Studium.", _FUNDING),
        times=("morning", "afternoon"), weeks=(12, 20), seats=16,
    ),
    _kind(
        CourseType.INTEGRATION_PARENTS, 6, kursart="Eltern- und Frauenintegrationskurs",
        titles=("Frauenintegrationskurs {level} mit Kinderbetreuung", "Elternintegrationskurs {level}"),
        levels=("A1", "A2", "B1"), target_group="Eltern und Frauen mit kleinen Kindern",
        paragraphs=(_IK_INTRO, "Themen: Kita und Schule, Erziehung, Gesundheit der Familie. Während des "
                    "Unterrichts werden Ihre Kinder im Haus betreut.", _FUNDING),
        times=("morning",), weeks=(12, 24), seats=20,
    ),
    _kind(
        CourseType.INTEGRATION_SECOND_SCRIPT, 2, titles=("Integrationskurs für Zweitschriftlernende",),
        levels=("A1", "A2"), target_group="Menschen, die ein anderes Schriftsystem kennen (z. B. Arabisch)",
        paragraphs=("Sie können in Ihrer Sprache lesen und schreiben und lernen nun die lateinische Schrift "
                    "und Deutsch.", _FUNDING, _ENROLL),
        times=("morning", "afternoon"), weeks=(12, 20), seats=20,
    ),
    _kind(
        CourseType.INTEGRATION_INTENSIVE, 3,
        titles=("Intensivkurs {level} – schneller zum Ziel", "Intensiv-Integrationskurs {level}"),
        levels=("A2", "B1"), target_group="Schnell Lernende mit guter Schulbildung",
        paragraphs=("Der Intensivkurs führt in 430 Unterrichtseinheiten zum Niveau B1.", _IK_INTRO, _FUNDING),
        times=("morning",), weeks=(6, 10), seats=20,
    ),
    _kind(
        CourseType.INTEGRATION_REMEDIAL, 2, titles=("Förderkurs {level}",), levels=("A2", "B1"),
        target_group="Teilnehmende mit besonderem Förderbedarf",
        paragraphs=("Mehr Zeit und kleinere Gruppen für alle, die mehr Unterstützung brauchen.", _FUNDING),
        times=("morning", "afternoon"), weeks=(12, 20), seats=18,
    ),
    _kind(
        CourseType.ORIENTATION_COURSE, 5,
        titles=("Orientierungskurs – Leben in Deutschland", "Orientierungskurs (100 UE)"),
        levels=("B1",), target_group="Teilnehmende des Integrationskurses",
        paragraphs=("Politik in der Demokratie, Geschichte und Verantwortung, Mensch und Gesellschaft. "
                    "Der Kurs endet mit dem Test „Leben in Deutschland“.", _FUNDING),
        times=("morning", "evening"), weeks=(3, 5), seats=25,
    ),
    _kind(
        CourseType.JOB_GERMAN, 12, kursart="Berufssprachkurs {level}",
        titles=("Berufssprachkurs {level}", "Deutsch für den Beruf {level}",
                "Berufssprachkurs {level} Pflege"),
        levels=("A2", "B1", "B2", "C1"), target_group="Beschäftigte, Arbeitsuchende und Auszubildende",
        paragraphs=("Berufsbezogene Deutschsprachförderung (DeuFöV): E-Mails, Telefonate, Besprechungen und "
                    "Fachwortschatz.", "Abschluss mit einer telc-Prüfung.", _ENROLL),
        times=("morning", "evening", "weekend"), weeks=(10, 20), seats=25,
    ),
    _kind(
        CourseType.INITIAL_ORIENTATION, 4,
        titles=("Erstorientierungskurs: Leben in {city}", "Erstorientierung – Deutsch für den Alltag"),
        levels=(), target_group="Geflüchtete und Asylsuchende",
        paragraphs=("Erste Schritte in Deutschland: Einkaufen, Ärztinnen und Ärzte, Wohnen, Werte. 300 "
                    "Unterrichtseinheiten, auch ohne Vorkenntnisse.", _ENROLL),
        times=("morning", "afternoon"), weeks=(8, 12), seats=20,
    ),
    _kind(
        CourseType.GERMAN_COURSE, 15,
        titles=("Deutsch {level}.{sub}", "Deutsch als Fremdsprache {level}", "Deutsch {level} am Abend",
                "Deutsch {level} – online", "Deutsch {level} Konversation"),
        levels=("A1", "A2", "B1", "B2", "C1"), target_group="Alle, die Deutsch lernen möchten",
        paragraphs=("Kommunikativer Unterricht mit Lehrwerk, viele Übungen zu Hören und Sprechen.",
                    "Einstufung vor Kursbeginn möglich.", _ENROLL),
        times=("morning", "evening", "weekend"), weeks=(6, 14), seats=15,
    ),
    _kind(
        CourseType.LITERACY, 3, titles=("Alphabetisierungskurs", "Lesen und Schreiben lernen"), levels=(),
        target_group="Erwachsene, die besser lesen und schreiben lernen möchten",
        paragraphs=("Schritt für Schritt lesen und schreiben lernen, in kleinen Gruppen.", _ENROLL),
        times=("morning", "evening"), weeks=(10, 20), seats=12,
    ),
    _kind(
        CourseType.TEST_PREPARATION, 6,
        titles=("Vorbereitung auf den Einbürgerungstest", "Prüfungsvorbereitung DTZ",
                "Test „Leben in Deutschland“ – Vorbereitung"),
        levels=(), target_group="Menschen, die sich einbürgern lassen oder den DTZ ablegen möchten",
        paragraphs=("Wir üben die Fragen des Tests und die Aufgaben der Prüfung.", _ENROLL),
        times=("evening", "weekend"), weeks=(1, 3), seats=18,
    ),
    _kind(
        CourseType.OTHER, 4,
        titles=("Bewerbungstraining für Zugewanderte", "Computerkurs für Einsteigerinnen",
                "Sprachcafé – ins Gespräch kommen"),
        levels=(), target_group="Zugewanderte", paragraphs=("Ein offenes Angebot neben dem Deutschkurs.",),
        times=("afternoon", "evening"), weeks=(1, 6), seats=12,
    ),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Venue:
    provider: str
    street: str
    plz: str
    city: str


@cache
def _postal_codes() -> dict[str, tuple[str, ...]]:
    """Demo city place -> its postal codes. The table names Berlin's codes by district ("Berlin Mitte")."""
    places = {place for _, place, _ in CITIES}
    found: dict[str, list[str]] = {place: [] for place in places}
    for area in geo.all_areas():
        place = "Berlin" if area.place.startswith("Berlin") else area.place
        if place in found:
            found[place].append(area.plz)
    missing = [place for place, codes in found.items() if not codes]
    if missing:
        raise LookupError(f"demo cities not in the postal code table: {', '.join(missing)}")
    return {place: tuple(codes) for place, codes in found.items()}


def _venues(rng: random.Random) -> tuple[list[_Venue], list[int]]:
    """A few providers per city, each at one address; weights follow the city's size."""
    venues: list[_Venue] = []
    weights: list[int] = []
    for city, place, weight in CITIES:
        codes = _postal_codes()[place]
        for template in rng.sample(PROVIDERS, k=min(len(PROVIDERS), 3 + weight)):
            street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
            venues.append(_Venue(template.format(city=city), street, rng.choice(codes), city))
            weights.append(weight)
    return venues, weights


def generate_courses_csv(n: int = 2500, seed: int = 42, today: date | None = None) -> str:
    """``n`` demo courses as NAvI CSV text (header included); start dates within a year of ``today``."""
    rng = random.Random(seed)
    start_from = today or date.today()
    venues, venue_weights = _venues(rng)
    kinds = rng.choices(KINDS, weights=[kind.weight for kind in KINDS], k=n)
    chosen_venues = rng.choices(venues, weights=venue_weights, k=n)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(DEMO_COLUMNS)
    writer.writerows(
        _row(rng, number, kind, venue, start_from)
        for number, (kind, venue) in enumerate(zip(kinds, chosen_venues, strict=True), start=1)
    )
    return out.getvalue()


def write_demo_csv(path: str | Path, n: int = 2500, seed: int = 42, today: date | None = None) -> Path:
    """Write :func:`generate_courses_csv` to ``path`` as UTF-8 with BOM, as Excel does."""
    target = Path(path)
    target.write_text(generate_courses_csv(n, seed, today), encoding="utf-8-sig", newline="")
    return target


def _row(rng: random.Random, number: int, kind: _Kind, venue: _Venue, today: date) -> list[str]:
    level = rng.choice(kind.levels) if kind.levels else ""
    # Integration course modules 1-2 are A1, 3-4 A2, 5-6 B1.
    module = _MODULE_BASE.get(level, rng.randint(0, 4)) + rng.randint(1, 2)
    slot = rng.choice(kind.times)
    start, end = _dates(rng, today, kind.weeks, weekend=slot == "weekend")
    course_id = f"DEMO-{number:06d}"
    seats = kind.seats
    free = "" if rng.random() < 0.15 else str(min(seats, int(rng.random() ** 2 * seats)))
    fields = {"level": level, "module": module, "sub": rng.randint(1, 2), "city": venue.city}
    return [
        course_id,
        kind.kursart.format(**fields),
        rng.choice(kind.titles).format(**fields),
        _description(rng, kind, module),
        venue.provider,
        venue.street,
        venue.plz,
        venue.city,
        f"{start:%d.%m.%Y}",
        f"{end:%d.%m.%Y}",
        rng.choice(_TIMES[slot]),
        free,
        _childcare(rng, kind),
        rng.choices(("Ja", "Nein", ""), weights=(5, 4, 1))[0],
        f"{LINK_BASE}{course_id.lower()}",
        level,
        kind.target_group,
        str(seats),
    ]


def _dates(rng: random.Random, today: date, weeks: tuple[int, int], *, weekend: bool) -> tuple[date, date]:
    # Courses start on a Monday (weekend courses on a Saturday) within the next twelve months.
    day = today + timedelta(days=rng.randint(0, 358))
    start = day + timedelta(days=(5 - day.weekday()) % 7 if weekend else (7 - day.weekday()) % 7)
    length = rng.randint(*weeks)
    end = start + timedelta(weeks=length, days=1 if weekend else -3)
    return start, end


def _description(rng: random.Random, kind: _Kind, module: int) -> str:
    module_text = _IK_MODULES[rng.randrange(len(_IK_MODULES))].format(m=module)
    return "\n".join(part.replace("{module_text}", module_text) for part in kind.paragraphs)


def _childcare(rng: random.Random, kind: _Kind) -> str:
    if kind.course_type is CourseType.INTEGRATION_PARENTS:
        return "Ja"
    return rng.choices(("Ja", "Nein", ""), weights=(2, 6, 2))[0]
