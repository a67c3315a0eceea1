"""The gazetteer: place names to ranked places. Geocoding step, after extraction found a name.

A reported name is matched against every name and alternate name of every place at four
levels, best first: the exact name (case and accents aside), an alternate name, the same
normalised key (`names.normalise`), the same consonant skeleton (`names.skeleton`), then fuzzy
similarity of normalised keys. The caller's governorate context lifts places in it and lowers
places elsewhere; a governorate ranks after a town of the same name unless the query says
"province" or "governorate"; ties go to the larger population. Each candidate carries the
reason for its score, so an analyst can see why "Deraa" became Dar'a.

>>> g = Gazetteer.packaged()
>>> g.resolve("Khan Sheikhoun")[0].place.name
'Khān Shaykhūn'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from ceasefire.domain.common import Place
from ceasefire.domain.statuses import GeoPrecision
from ceasefire.errors import InvalidInput, NotFound
from ceasefire.geo import gazetteer_store
from ceasefire.geo.boundaries import GOVERNORATES, governorate
from ceasefire.geo.names import fold, is_latin, normalise, skeleton

if TYPE_CHECKING:
    from ceasefire.settings import Settings

#: Base scores of the match levels; context adds or removes a little on top.
EXACT, ALTERNATE, NORMALISED, SKELETON_MIN, SKELETON_MAX, FUZZY_WEIGHT = 0.95, 0.92, 0.88, 0.80, 0.85, 0.75
FUZZY_CUTOFF = 80.0
ADMIN1_BONUS, ADMIN1_PENALTY = 0.05, 0.05
_EXTENDED_CODES = frozenset({"MTS", "HLLS", "PLN", "PLAT", "VAL", "DSRT", "RDGE", "AREA", "RGN"})
_ADMIN_WORDS = re.compile(
    r"^(?:(?:north|south|east|west)(?:ern)?\s+|(?:north|south)[- ]?(?:east|west)(?:ern)?\s+|central\s+)?"
    r"(?P<name>.+?)\s+(?:province|governorate|countryside|muhafazah|region)$",
    re.IGNORECASE,
)
_SETTLEMENT_WORDS = re.compile(
    r"^(?:(?:the\s+)?(?:city|town|village)\s+of\s+(?P<pre>.+)|(?P<post>.+?)\s+(?:city|town|village))$",
    re.IGNORECASE,
)
#: A word around a name that asks for a kind of place: (pattern, feature class wanted).
_QUALIFIERS = ((_ADMIN_WORDS, "A"), (_SETTLEMENT_WORDS, "P"))


@dataclass(frozen=True)
class GazetteerPlace:
    """A named place: where it is (if known), what kind, and which governorate it lies in.

    `admin1` is OCHA's English governorate name ("Idleb", "Dar'a"); `lon`/`lat` are None for
    places known only by name and governorate, which then resolve to province precision
    rather than to a guessed point.
    """

    id: str
    name: str
    alternate_names: tuple[str, ...]
    lon: float | None
    lat: float | None
    feature_class: str
    feature_code: str
    population: int
    admin1: str | None
    admin1_pcode: str | None
    source: str

    @property
    def located(self) -> bool:
        return self.lon is not None and self.lat is not None

    @property
    def precision(self) -> GeoPrecision:
        """How precisely this place pins an event (UCDP where_prec / ACLED geo_precision)."""
        if self.feature_class == "A":
            if self.feature_code.startswith("PCL"):
                return GeoPrecision.COUNTRY
            return GeoPrecision.PROVINCE if self.feature_code == "ADM1" else GeoPrecision.DISTRICT
        if not self.located:
            return GeoPrecision.PROVINCE if self.admin1 else GeoPrecision.UNKNOWN
        if self.feature_class == "P":
            return GeoPrecision.TOWN
        if self.feature_class in ("S", "T", "U") and self.feature_code not in _EXTENDED_CODES:
            return GeoPrecision.POINT
        return GeoPrecision.DISTRICT

    def names(self) -> tuple[str, ...]:
        """The name and then every alternate name, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.alternate_names)))

    def to_place(self, reported_name: str | None = None) -> Place:
        """The domain Place an incident carries; a governorate or unlocated place keeps no point."""
        point = self.located and self.precision not in (GeoPrecision.PROVINCE, GeoPrecision.COUNTRY)
        return Place(
            name=reported_name or self.name,
            lon=self.lon if point else None,
            lat=self.lat if point else None,
            precision=self.precision,
            admin1=self.admin1,
        )


@dataclass(frozen=True)
class Candidate:
    """One reading of a reported name, with a ranking score in [0, 1] and why it scored so."""

    place: GazetteerPlace
    score: float
    reason: str


class _Index:
    """Lookup tables over every name of every place, built once per Gazetteer."""

    def __init__(self, places: Iterable[GazetteerPlace]) -> None:
        self.exact: dict[str, dict[str, bool]] = defaultdict(dict)
        self.normalised: dict[str, set[str]] = defaultdict(set)
        self.skeletons: dict[str, dict[str, str]] = defaultdict(dict)
        for place in places:
            for position, spelling in enumerate(place.names()):
                key = fold(spelling)
                self.exact[key][place.id] = self.exact[key].get(place.id, False) or position == 0
                norm = normalise(spelling)
                if not norm:
                    continue
                self.normalised[norm].add(place.id)
                self.skeletons[skeleton(spelling)].setdefault(place.id, norm)
        self.keys = list(self.normalised)


class Gazetteer:
    """Places by id, with a name index; immutable, so `extend` returns a new one."""

    def __init__(self, places: Iterable[GazetteerPlace]) -> None:
        self._places: dict[str, GazetteerPlace] = {}
        for place in places:
            self._places[place.id] = place  # a later place with the same id overrides
        self._index: _Index | None = None

    @classmethod
    def packaged(cls) -> Gazetteer:
        """The gazetteer shipped with ceasefire (GeoNames extracts, supplement, governorates)."""
        return _packaged()

    @classmethod
    def load(cls, settings: Settings | None = None) -> Gazetteer:
        """The packaged gazetteer with the user's imported places (if any) merged over it."""
        from ceasefire.settings import Settings

        path = gazetteer_store.user_gazetteer_path(settings or Settings())
        if not path.is_file():
            return cls.packaged()
        return cls.packaged().extend(gazetteer_store.read_places(path))

    def extend(self, places: Iterable[GazetteerPlace]) -> Gazetteer:
        """A new gazetteer with `places` added; a place with an existing id replaces it."""
        return Gazetteer([*self._places.values(), *places])

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[GazetteerPlace]:
        return iter(self._places.values())

    def get(self, place_id: str) -> GazetteerPlace:
        """The place with this id; NotFound names the id."""
        try:
            return self._places[place_id]
        except KeyError:
            raise NotFound(f"no place with id {place_id!r} in the gazetteer") from None

    @staticmethod
    def admin1_names() -> list[str]:
        """OCHA's English names of the 14 governorates, in P-code order."""
        return [g.name for g in GOVERNORATES]

    def surface_forms(self) -> Iterator[tuple[str, GazetteerPlace]]:
        """Every Latin-script name and alternate name with its place, for phrase matchers."""
        for place in self._places.values():
            for spelling in place.names():
                if is_latin(spelling):
                    yield spelling, place

    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = _Index(self._places.values())
        return self._index

    def resolve(self, name: str, *, admin1: str | None = None, limit: int = 5) -> list[Candidate]:
        """Ranked readings of a reported place name, best first (see the module docstring).

        `admin1` is the governorate the context points to, in any spelling ("Idlib" or
        "Idleb"); an unknown governorate is an error rather than a silently ignored hint.
        """
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput(f"place name to resolve is empty: {name!r}")
        if limit < 1:
            raise InvalidInput(f"limit must be at least 1, got {limit}")
        context = governorate(admin1).name if admin1 else None
        found, admin_query = self._match_qualified(name.strip())
        candidates = [
            _with_context(self._places[pid], score, reason, context) for pid, (score, reason) in found.items()
        ]
        if not admin_query:
            candidates = _governorates_after_their_towns(candidates)
        candidates.sort(key=_rank)
        return candidates[:limit]

    def best(self, name: str, *, admin1: str | None = None) -> Candidate | None:
        """The top candidate, or None when nothing matches."""
        ranked = self.resolve(name, admin1=admin1, limit=1)
        return ranked[0] if ranked else None

    def _match_qualified(self, name: str) -> tuple[dict[str, tuple[float, str]], bool]:
        """Match a name; a qualifying word asks for a kind of place.

        'Idlib province' or 'northern Hama countryside' asks for the governorate, 'Daraa city'
        or 'the town of Douma' for the town. A spelling that is itself a name of that kind
        ('Damascus countryside' is Rural Damascus) is matched whole; otherwise the word is
        stripped and only places of the kind are kept, if any match. The flag says whether a
        governorate was asked for.
        """
        for pattern, wanted in _QUALIFIERS:
            words = pattern.match(name)
            if words is None:
                continue
            core = next(v for v in words.groupdict().values() if v)
            whole = self._match(name)
            for query in (name, core):
                found = whole if query == name else self._match(query)
                kind = {pid: hit for pid, hit in found.items() if self._places[pid].feature_class == wanted}
                if kind and (query != name or max(score for score, _ in kind.values()) >= NORMALISED):
                    return kind, wanted == "A"
            return whole, False
        return self._match(name), False

    def _match(self, query: str) -> dict[str, tuple[float, str]]:
        index = self.index
        found: dict[str, tuple[float, str]] = {}

        def offer(pid: str, score: float, reason: str) -> None:
            if pid not in found or score > found[pid][0]:
                found[pid] = (score, reason)

        for pid, primary in index.exact.get(fold(query), {}).items():
            offer(pid, EXACT if primary else ALTERNATE, "exact name" if primary else "alternate name")
        key = normalise(query)
        if not key:
            return found
        for pid in index.normalised.get(key, ()):
            offer(pid, NORMALISED, "normalised match")
        skel = skeleton(query)
        if len(skel) >= 2:
            for pid, other in index.skeletons.get(skel, {}).items():
                similarity = fuzz.ratio(key, other) / 100
                offer(pid, SKELETON_MIN + (SKELETON_MAX - SKELETON_MIN) * similarity, "consonant skeleton match")
        for other, similarity, _ in process.extract(
            key, index.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=50
        ):
            for pid in index.normalised[other]:
                offer(pid, FUZZY_WEIGHT * similarity / 100, f"fuzzy {similarity / 100:.2f}")
        return found


def _with_context(place: GazetteerPlace, score: float, reason: str, context: str | None) -> Candidate:
    """Lift a place in the caller's governorate, lower one elsewhere."""
    reasons = [reason]
    if context is not None and place.admin1 is not None:
        if place.admin1 == context:
            score += ADMIN1_BONUS
            reasons.append("+admin1 matches context")
        else:
            score -= ADMIN1_PENALTY
            reasons.append(f"-admin1 {place.admin1} differs from context {context}")
    return Candidate(place, round(min(max(score, 0.0), 1.0), 4), ", ".join(reasons))


def _governorates_after_their_towns(candidates: list[Candidate]) -> list[Candidate]:
    """A bare name shared by a governorate and a town in it ('Homs', 'Dar'a') means the town.

    The town takes the governorate's score when that is higher (the governorate's curated
    spellings, such as 'Qunaitera', are spellings of its capital's name too) and the
    governorate ranks just after it. A governorate with no such town keeps its score.
    """
    towns: dict[str, Candidate] = {}
    for c in candidates:
        if c.place.feature_class == "P" and c.place.admin1 and c.score >= SKELETON_MIN:
            best = towns.get(c.place.admin1)
            if best is None or _rank(c) < _rank(best):
                towns[c.place.admin1] = c
    lifted: dict[str, Candidate] = {}
    result = []
    for c in candidates:
        town = towns.get(c.place.admin1 or "") if c.place.feature_class == "A" else None
        if town is None:
            result.append(c)
            continue
        top = max(town.score, c.score)
        if top > town.score:
            lifted[town.place.id] = Candidate(
                town.place, top, f"{town.reason}, +spelling of its governorate {c.place.name!r}"
            )
        result.append(
            Candidate(c.place, round(top - 0.01, 4), f"{c.reason}, governorate: ranks after {town.place.name!r}")
        )
    return [lifted.get(c.place.id, c) for c in result]


def _rank(candidate: Candidate) -> tuple[float, int, int, str, str]:
    place = candidate.place
    kind = 0 if place.feature_class == "P" else 1 if place.feature_class == "A" else 2
    return (-candidate.score, kind, -place.population, place.name, place.id)


@cache
def _packaged() -> Gazetteer:
    text = gazetteer_store.packaged_text()
    return Gazetteer(gazetteer_store.parse_places(text, "ceasefire/data/gazetteer/places.tsv"))
