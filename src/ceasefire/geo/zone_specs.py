"""What the zone builder draws from: the Astana areas' listed towns, as data. Set-up step.

The towns are those that reporting places inside each area (shared/data/zones/
zones_description.md: SOHR, SNHR, Reuters, AP, Syria Direct, Sputnik, and Wikipedia's list of
the besieged Eastern Ghouta towns), each with the governorate it lies in so that the gazetteer
picks the right homonym. A test keeps these lists in step with that file. The excluded places
are government-held towns near the lines in May 2017: Duweiri and Harran come from the same
file; the others are well-known government-held cities and towns (Hama, Mhardeh, Homs,
Jaramana, Izra' ...) named so that an outline drawn around the listed towns does not swallow
them. Kept apart from the builder so that another agreement's areas are a second list, not a
second builder.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TownRef:
    """A town reported inside an area; `confirmed` False where the listing flags it as unsure."""

    name: str
    admin1: str
    confirmed: bool = True


@dataclass(frozen=True, slots=True)
class ExcludedPlace:
    """A government-held place kept out of an area, with the radius of its built-up area."""

    name: str
    admin1: str
    radius_km: float


@dataclass(frozen=True, slots=True)
class ZoneSpec:
    """How to draw one area: its towns, the governorates it may cover, what is cut out."""

    id: str
    name: str
    towns: tuple[TownRef, ...]
    governorates: tuple[str, ...]
    buffer_km: float
    whole: tuple[str, ...] = ()
    excluded: tuple[ExcludedPlace, ...] = ()


def _towns(admin1: str, *names: str) -> tuple[TownRef, ...]:
    return tuple(TownRef(n, admin1) for n in names)


IDLIB = ZoneSpec(
    id="idlib",
    name="Idlib province and adjoining parts of Latakia, Hama and Aleppo provinces",
    towns=(
        *_towns(
            "Idleb",
            "Idlib",
            "Saraqib",
            "Maarat al-Numan",
            "Khan Shaykhun",
            "Kafranbel",
            "Ariha",
            "Jisr al-Shughur",
            "Binnish",
            "Armanaz",
            "Tel Mannas",
            "Balyun",
            "Ibdeita",
            "Al-Tamanah",
            "Al-Habit",
            "Tabish",
        ),
        *_towns(
            "Hama", "Latamneh", "Kafr Zita", "Kafr Nabudah", "Qalaat al-Madiq", "al-Sahriyah", "al-Arbain", "Latmin"
        ),
        TownRef("Kabani", "Lattakia", confirmed=False),
        TownRef("Atarib", "Aleppo", confirmed=False),
    ),
    governorates=("Idleb", "Lattakia", "Hama", "Aleppo"),
    whole=("Idleb",),
    buffer_km=8.0,
    excluded=(
        ExcludedPlace("Hama", "Hama", 5.0),
        ExcludedPlace("Mhardeh", "Hama", 2.0),
        ExcludedPlace("Suqaylabiyah", "Hama", 2.0),
        ExcludedPlace("Aleppo", "Aleppo", 8.0),
        ExcludedPlace("Latakia", "Lattakia", 5.0),
        ExcludedPlace("Slinfah", "Lattakia", 2.0),
    ),
)

NORTHERN_HOMS = ZoneSpec(
    id="northern-homs",
    name="Certain parts of northern Homs province",
    towns=(
        *_towns("Homs", "Rastan", "Talbiseh", "Taldou", "Kafr Laha", "Teir Maalah", "al-Ghantu"),
        TownRef("Zaafarana", "Homs", confirmed=False),
        TownRef("Um Sharshouh", "Homs"),
    ),
    governorates=("Homs",),
    buffer_km=4.0,
    excluded=(ExcludedPlace("Homs", "Homs", 5.0),),
)

EASTERN_GHOUTA = ZoneSpec(
    id="eastern-ghouta",
    name="Eastern Ghouta",
    towns=(
        *_towns("Rural Damascus", "Douma", "Harasta", "Arbin", "Zamalka"),
        TownRef("Jobar", "Damascus"),
        *_towns(
            "Rural Damascus",
            "Ein Tarma",
            "Hamouriyah",
            "Saqba",
            "Kafr Batna",
            "Hazzeh",
            "Beit Sawa",
            "Misraba",
            "Madira",
            "Aftris",
            "Jisrin",
        ),
    ),
    governorates=("Rural Damascus", "Damascus"),
    buffer_km=3.0,
    excluded=(ExcludedPlace("Damascus", "Damascus", 5.0), ExcludedPlace("Jaramana", "Rural Damascus", 3.0)),
)

SOUTH = ZoneSpec(
    id="south",
    name="Certain parts of southern Syria: Daraa and Quneitra provinces",
    towns=_towns(
        "Dar'a",
        "Busra al-Harir",
        "al-Harak",
        "Busra al-Sham",
        "Nahteh",
        "al-Musayfirah",
        "Tal al-Harrah",
        "al-Karak",
        "Umm Walad",
        "Daraa al-Balad",
    ),
    governorates=("Dar'a", "Quneitra"),
    whole=("Quneitra",),
    buffer_km=6.0,
    excluded=(
        ExcludedPlace("Duweiri", "As-Sweida", 2.0),
        ExcludedPlace("Harran", "As-Sweida", 2.0),
        ExcludedPlace("Daraa al-Mahatta", "Dar'a", 2.0),
        ExcludedPlace("Izra", "Dar'a", 3.0),
        ExcludedPlace("Sheikh Miskin", "Dar'a", 3.0),
        ExcludedPlace("Sanamayn", "Dar'a", 3.0),
        ExcludedPlace("Khirbet Ghazaleh", "Dar'a", 2.0),
        ExcludedPlace("Khan Arnabah", "Quneitra", 2.0),
    ),
)

#: The four areas of the memorandum, in its order.
ASTANA_ZONES: tuple[ZoneSpec, ...] = (IDLIB, NORTHERN_HOMS, EASTERN_GHOUTA, SOUTH)
