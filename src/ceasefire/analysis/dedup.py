"""Dedup: clusters incident claims from different reports into incidents. Runs after
extraction and geocoding, before corroboration and assessment.

Two claims may describe the same event when their date intervals overlap, their places are
near given their precision, their event types are compatible (one outlet's "shelling" is
another's "massacre of civilians") and their perpetrators are the same side or allied
sides. An allegation and the accused's denial describe the same event, so the stance never
keeps claims apart. Claims of one report are kept apart, because the report's author already
told its events apart, unless one of them denies what the other alleges.

Clustering is agglomerative, best pair first, under complete linkage: two groups join only
when *every* claim of one is compatible with every claim of the other, which stops a vague
claim ("strikes in Daraa province") from chaining two distinct town-level strikes together.
Scores are integers and ties break on claim ids, so the result depends on the set of claims,
never on the order they arrived in: clustering the component a new claim belongs to gives the
same incidents as rebuilding everything (components never interact).

Analysts' decisions (`merge`, `split`) come in as pinned groups: their claims stay together,
may absorb new compatible claims, and two pinned groups are never joined automatically.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from ceasefire.domain.common import Place
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import ClaimKind, EventType, GeoPrecision, Side, Stance
from ceasefire.geo.boundaries import find_governorate
from ceasefire.geo.names import normalise, skeleton

#: Sides that fight on one side, so that "Russian jets" and "regime jets" can be one strike.
DEFAULT_ALLIES: tuple[frozenset[Side], ...] = (
    frozenset({Side.GOVERNMENT, Side.RUSSIA, Side.IRAN}),
    frozenset({Side.OPPOSITION, Side.HTS}),
    frozenset({Side.USA, Side.COALITION}),
)
#: Event types one report may call by another's name: a strike is a clash to one, an attack on
#: civilians to another. Non-violent types match only themselves.
DEFAULT_VIOLENT: frozenset[EventType] = frozenset(
    {EventType.BATTLES, EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS}
)


@dataclass(frozen=True, slots=True)
class ClusterRules:
    """How near two places must be, by the coarser precision of the two, and who is allied."""

    point_km: float = 2.0
    town_km: float = 5.0
    district_km: float = 15.0
    allies: tuple[frozenset[Side], ...] = DEFAULT_ALLIES
    violent: frozenset[EventType] = DEFAULT_VIOLENT


@dataclass(frozen=True, slots=True)
class Pinned:
    """Claims an analyst put in one incident (by merge or split); clustering keeps them there."""

    incident_id: str
    claim_ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class Cluster:
    """One incident's claims (sorted ids), and the incident an analyst pinned them to, if any."""

    claim_ids: tuple[str, ...]
    pinned_incident: str | None = None


_RANK = {p: i for i, p in enumerate(GeoPrecision)}


def unclusterable(claim: Claim) -> str | None:
    """Why a claim cannot found or join an incident, or None when it can."""
    if claim.kind is not ClaimKind.INCIDENT:
        return f"claim {claim.id} is a {claim.kind} claim, not an incident"
    if claim.date is None:
        return f"claim {claim.id} has no date interval"
    if claim.event_type is None:
        return f"claim {claim.id} has no event type"
    return None


@lru_cache(maxsize=4096)
def _governorate(name: str | None) -> str | None:
    if not name:
        return None
    found = find_governorate(name)
    return found.pcode if found else normalise(name)


def _km(a: Place, b: Place) -> float:
    assert a.lon is not None and a.lat is not None and b.lon is not None and b.lat is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _admin1(p: Place) -> str | None:
    return _governorate(p.admin1) or (_governorate(p.name) if p.precision is GeoPrecision.PROVINCE else None)


def place_score(a: Place | None, b: Place | None, rules: ClusterRules) -> int:
    """0..30, or -1 when the places cannot be one: near by the coarser precision of the two."""
    if a is None or b is None:
        return -1
    coarse = max(_RANK[a.precision], _RANK[b.precision])
    if coarse >= _RANK[GeoPrecision.COUNTRY]:
        return -1  # "somewhere in Syria" identifies nothing; an analyst may merge it by hand
    g1, g2 = _admin1(a), _admin1(b)
    same_admin1 = g1 is not None and g1 == g2
    if coarse == _RANK[GeoPrecision.PROVINCE]:
        return 8 if same_admin1 else -1
    radius = (rules.point_km, rules.town_km, rules.district_km)[coarse]
    if a.resolved and b.resolved:
        km = _km(a, b)
        if km > radius or (g1 is not None and g2 is not None and g1 != g2 and km > rules.point_km):
            return -1
        return 10 + math.floor(20 * (1 - km / radius))
    if g1 is not None and g2 is not None and g1 != g2:
        return -1
    if normalise(a.name) == normalise(b.name):
        return 18
    if skeleton(a.name) == skeleton(b.name):
        return 14
    return 8 if coarse == _RANK[GeoPrecision.DISTRICT] and same_admin1 else -1


def _allied(x: Side, y: Side, rules: ClusterRules) -> bool:
    return any(x in camp and y in camp for camp in rules.allies)


def pair_score(a: Claim, b: Claim, rules: ClusterRules = ClusterRules()) -> int:
    """How alike two claims are (1..100), or 0 when they cannot describe one event."""
    if a.id > b.id:
        a, b = b, a  # one order for the float arithmetic, so the score is symmetric to the bit
    if a.report_id == b.report_id and (a.stance is Stance.DENIES) == (b.stance is Stance.DENIES):
        return 0
    if a.date is None or b.date is None or a.event_type is None or b.event_type is None:
        return 0
    if not a.date.overlaps(b.date):
        return 0
    overlap = (min(a.date.end, b.date.end) - max(a.date.start, b.date.start)).days + 1
    union = (max(a.date.end, b.date.end) - min(a.date.start, b.date.start)).days + 1
    date_points = 40 * overlap // union
    where = place_score(a.place, b.place, rules)
    if where < 0:
        return 0
    if a.event_type is b.event_type:
        same_sub = a.sub_event_type is None or b.sub_event_type is None or a.sub_event_type == b.sub_event_type
        what = 20 if same_sub else 14
    elif a.event_type in rules.violent and b.event_type in rules.violent:
        what = 8
    else:
        return 0
    s1 = a.perpetrator.side if a.perpetrator else Side.UNKNOWN
    s2 = b.perpetrator.side if b.perpetrator else Side.UNKNOWN
    if Side.UNKNOWN in (s1, s2):
        who = 4
    elif s1 is s2:
        who = 10
    elif _allied(s1, s2, rules):
        who = 6
    else:
        return 0
    return max(1, date_points + where + what + who)


def scored_pairs(claims: Sequence[Claim], rules: ClusterRules = ClusterRules()) -> dict[tuple[str, str], int]:
    """Every compatible pair (ids in sorted order) with its score; a sweep over start dates,
    so each claim is compared only with the claims whose intervals overlap it."""
    dated = sorted((c.date.start, c.id, c) for c in claims if c.date is not None and unclusterable(c) is None)
    pairs: dict[tuple[str, str], int] = {}
    active: list[Claim] = []
    for start, _, c in dated:
        active = [o for o in active if o.date is not None and o.date.end >= start]
        for o in active:
            score = pair_score(o, c, rules)
            if score > 0:
                pairs[(o.id, c.id) if o.id < c.id else (c.id, o.id)] = score
        active.append(c)
    return pairs


@dataclass
class _Node:
    claims: list[str]
    pinned: str | None
    version: int = 0
    links: dict[int, list[int]] = field(default_factory=dict)  # other node -> [pair count, score sum]

    @property
    def first(self) -> str:
        return min(self.claims)


def cluster(
    claims: Sequence[Claim], pinned: Iterable[Pinned] = (), rules: ClusterRules = ClusterRules()
) -> list[Cluster]:
    """Group claims into incidents; unclusterable claims are left out (see `unclusterable`).

    The result is sorted by each cluster's smallest claim id, and is the same for any order of
    `claims` and `pinned`.
    """
    usable = {c.id: c for c in claims if unclusterable(c) is None}
    nodes: list[_Node] = []
    node_of: dict[str, int] = {}
    for group in sorted(pinned, key=lambda p: p.incident_id):
        members = sorted(i for i in group.claim_ids if i in usable and i not in node_of)
        if members:
            node_of.update((i, len(nodes)) for i in members)
            nodes.append(_Node(members, group.incident_id))
    for cid in sorted(usable):
        if cid not in node_of:
            node_of[cid] = len(nodes)
            nodes.append(_Node([cid], None))
    for (x, y), score in sorted(scored_pairs(list(usable.values()), rules).items()):
        nx, ny = node_of[x], node_of[y]
        if nx != ny:
            for p, q in ((nx, ny), (ny, nx)):
                stats = nodes[p].links.setdefault(q, [0, 0])
                stats[0] += 1
                stats[1] += score
    heap: list[tuple[Fraction, str, str, int, int, int, int]] = []

    def offer(p: int, q: int) -> None:
        a, b = nodes[p], nodes[q]
        count, total = a.links[q]
        if count == len(a.claims) * len(b.claims) and not (a.pinned and b.pinned):
            lo, hi = sorted((a.first, b.first))
            heapq.heappush(heap, (-Fraction(total, count), lo, hi, p, a.version, q, b.version))

    for p, node in enumerate(nodes):
        for q in node.links:
            if p < q:
                offer(p, q)
    alive = set(range(len(nodes)))
    while heap:
        _, _, _, p, vp, q, vq = heapq.heappop(heap)
        if p not in alive or q not in alive or nodes[p].version != vp or nodes[q].version != vq:
            continue
        keep, gone = nodes[p], nodes[q]
        keep.claims.extend(gone.claims)
        keep.pinned = keep.pinned or gone.pinned
        keep.version += 1
        alive.discard(q)
        del keep.links[q]
        for r, (count, total) in gone.links.items():
            if r == p:
                continue
            stats = keep.links.setdefault(r, [0, 0])
            stats[0] += count
            stats[1] += total
            nodes[r].links.pop(q, None)
            nodes[r].links[p] = list(stats)
        for r in keep.links:
            offer(p, r)
    found = [Cluster(tuple(sorted(nodes[k].claims)), nodes[k].pinned) for k in alive]
    return sorted(found, key=lambda c: c.claim_ids[0])


def connected(
    claims: Sequence[Claim], seeds: Iterable[str], pinned: Iterable[Pinned] = (), rules: ClusterRules = ClusterRules()
) -> set[str]:
    """The claim ids linked to `seeds` through compatible pairs and pinned groups: the part of
    the record a new claim can change, and so all that incremental clustering must redo."""
    neighbours: dict[str, set[str]] = {}
    for x, y in scored_pairs(claims, rules):
        neighbours.setdefault(x, set()).add(y)
        neighbours.setdefault(y, set()).add(x)
    for group in pinned:
        for i in group.claim_ids:
            neighbours.setdefault(i, set()).update(group.claim_ids - {i})
    seen: set[str] = set()
    todo = list(seeds)
    while todo:
        cid = todo.pop()
        if cid in seen:
            continue
        seen.add(cid)
        todo.extend(neighbours.get(cid, ()))
    return seen


def incident_ids(
    clusters: Sequence[Cluster], current: Mapping[str, str], new_id: Callable[[Cluster], str]
) -> dict[tuple[str, ...], str]:
    """Name each cluster: a pinned one keeps its incident; another takes the incident that holds
    most of its claims now (each incident once, the largest clusters choosing first, ties to
    the smaller id); the rest get `new_id(cluster)`."""
    named: dict[tuple[str, ...], str] = {}
    taken = {c.pinned_incident for c in clusters if c.pinned_incident}
    for c in clusters:
        if c.pinned_incident:
            named[c.claim_ids] = c.pinned_incident
    for c in sorted(clusters, key=lambda c: (-len(c.claim_ids), c.claim_ids[0])):
        if c.claim_ids in named:
            continue
        votes: dict[str, int] = {}
        for cid in c.claim_ids:
            if cid in current and current[cid] not in taken:
                votes[current[cid]] = votes.get(current[cid], 0) + 1
        if votes:
            best = min(votes, key=lambda i: (-votes[i], i))
            named[c.claim_ids] = best
            taken.add(best)
        else:
            named[c.claim_ids] = new_id(c)
    return named
