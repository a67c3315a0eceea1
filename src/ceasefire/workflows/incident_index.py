"""The incident list's read model: every incident's listing fields in memory, filtered with numpy
and kept fresh from the audit log. Serves the API's incident list and the map.

Why in memory: a bounding box and a time window over a million incidents is a scan of four
columns, which numpy does in milliseconds (DESIGN.md §5: column scans beat every index
measured here), while fetching ten thousand rows back out of SQLite by key costs more than
the whole PostGIS query. The record stays the only truth: before each query the index
compares the audit head with the one it was built at and re-reads the incidents that the
new events name (every change to an incident is an audit event on it), or everything when
many events came in.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import orjson
from numpy.typing import NDArray

from ceasefire.domain.access import GENERALISED_DECIMALS, IncidentScope, generalise
from ceasefire.domain.statuses import EventType, IncidentStatus, Verdict
from ceasefire.storage import incident_listing
from ceasefire.storage.incident_listing import ListingRow
from ceasefire.storage.record import Record

#: Beyond this many new audit events a refresh re-reads every incident instead of the named ones.
FULL_RELOAD_EVENTS = 20_000


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """The filters of the incident list; empty sets mean "any"."""

    bbox: tuple[float, float, float, float] | None = None
    start: date | None = None
    end: date | None = None
    zones: frozenset[str] = frozenset()
    event_types: frozenset[EventType] = frozenset()
    statuses: frozenset[IncidentStatus] = frozenset()
    verdicts: frozenset[Verdict] = frozenset()


@dataclass(frozen=True, slots=True)
class Cursor:
    """Keyset position: the list is ordered by (date_start, id); a page starts after this pair."""

    date_start: date
    id: str


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its rows, each row's serialised feature head (`feature_head`), the next cursor,
    and each row's serialised geometry at the viewer's precision (`geometry_bytes`)."""

    rows: list[ListingRow]
    heads: list[bytes]
    next: Cursor | None
    geometries: list[bytes] | None = None


class _Codes:
    """A categorical column as small integers, so membership filters are integer compares."""

    def __init__(self, values: Sequence[str | None]) -> None:
        self.table: dict[str | None, int] = {}
        put = self.table.setdefault
        self.codes = np.fromiter((put(v, len(self.table)) for v in values), np.int32, len(values))

    def isin(self, wanted: Sequence[str]) -> NDArray[np.bool_]:
        return np.isin(self.codes, [self.table[v] for v in wanted if v in self.table])


def listing_properties(r: ListingRow) -> dict[str, Any]:
    """An incident's properties as lists and map markers show them (never its coordinates,
    which depend on who asks)."""
    return {
        "id": r.id,
        "date_start": r.date_start,
        "date_end": r.date_end,
        "date_precision": r.date_precision,
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type,
        "place": r.place,
        "geo_precision": r.geo_precision,
        "admin1": r.admin1,
        "perpetrator_side": r.perpetrator_side,
        "target_side": r.target_side,
        "fatalities_best": r.fatalities_best,
        "status": r.status,
        "verdict": r.verdict,
        "zone": r.zone,
        "zone_relation": r.zone_relation,
        "published": r.published,
    }


def feature_head(r: ListingRow) -> bytes:
    """A GeoJSON Feature of the incident up to its geometry, serialised once when the row is
    read: `head + geometry + b"}"` is the whole feature. Bytes objects are invisible to the
    garbage collector, so a million of them cost requests nothing."""
    props = orjson.dumps(listing_properties(r))
    return b'{"type":"Feature","id":' + orjson.dumps(r.id) + b',"properties":' + props + b',"geometry":'


def geometry_bytes(r: ListingRow, decimals: int | None) -> bytes:
    """The GeoJSON geometry of an incident at a precision, closing its feature (`head + this`)."""
    if r.lon is None or r.lat is None:
        return b"null}"
    point = orjson.dumps([generalise(r.lon, decimals), generalise(r.lat, decimals)])
    return b'{"type":"Point","coordinates":' + point + b"}}"


#: Coordinate precisions served often enough to serialise once per incident: exact and ~1 km.
PRESERIALISED_DECIMALS: tuple[int | None, ...] = (None, GENERALISED_DECIMALS)


@dataclass
class _Columns:
    """The filter columns, position-aligned with `rows` and their serialised `heads`; rows are
    kept sorted by (date_start, id), the list's order, so a filter's hits come out in order."""

    rows: list[ListingRow]
    heads: list[bytes]
    geometries: dict[int | None, list[bytes]]
    start: NDArray[np.int32]
    end: NDArray[np.int32]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    published: NDArray[np.bool_]
    event_type: _Codes
    status: _Codes
    zone: _Codes
    verdict: _Codes


def _columns(
    rows: list[ListingRow],
    heads: list[bytes] | None = None,
    geometries: dict[int | None, list[bytes]] | None = None,
) -> _Columns:
    """Columns over `rows` (with their serialised heads and geometries when already made)."""
    n = len(rows)
    nan = float("nan")
    heads = heads if heads is not None else [feature_head(r) for r in rows]
    if geometries is None:
        geometries = {d: [geometry_bytes(r, d) for r in rows] for d in PRESERIALISED_DECIMALS}
    order = sorted(range(n), key=lambda k: (rows[k].date_start, rows[k].id))
    rows = [rows[k] for k in order]
    return _Columns(
        rows=rows,
        heads=[heads[k] for k in order],
        geometries={d: [g[k] for k in order] for d, g in geometries.items()},
        start=np.fromiter((r.date_start.toordinal() for r in rows), np.int32, n),
        end=np.fromiter((r.date_end.toordinal() for r in rows), np.int32, n),
        lon=np.fromiter((nan if r.lon is None else r.lon for r in rows), np.float64, n),
        lat=np.fromiter((nan if r.lat is None else r.lat for r in rows), np.float64, n),
        published=np.fromiter((r.published for r in rows), np.bool_, n),
        event_type=_Codes([r.event_type for r in rows]),
        status=_Codes([r.status for r in rows]),
        zone=_Codes([r.zone for r in rows]),
        verdict=_Codes([r.verdict for r in rows]),
    )


class IncidentIndex:
    """The read model of one record; thread-safe, refreshed before every query."""

    def __init__(self, record: Record) -> None:
        self._record = record
        self._lock = threading.Lock()
        self._cols = _columns([])
        self._seq: int | None = None
        self._shared: dict[Any, Any] = {}

    def _refresh(self) -> _Columns:
        with self._lock, self._record.reader() as conn:
            if self._seq is None:
                seq = incident_listing.audit_seq(conn)
                # A million long-lived objects: the collector would rescan them on every
                # allocation burst, so it is paused while they are built and then told to
                # leave them be (gc.freeze), which keeps every later request fast.
                gc.disable()
                try:
                    rows = list(incident_listing.all_listing_rows(conn, self._shared))
                    self._cols, self._seq = _columns(rows), seq
                finally:
                    gc.enable()
                gc.freeze()
                return self._cols
            changed = incident_listing.changed_incidents(conn, self._seq, limit=FULL_RELOAD_EVENTS)
            if changed is None:
                self._seq = None
            else:
                ids, seq = changed
                if ids:
                    self._apply(incident_listing.listing_rows(conn, sorted(ids), self._shared), ids)
                self._seq = seq
                return self._cols
        return self._refresh()

    def _apply(self, fresh: Sequence[ListingRow], asked: set[str]) -> None:
        """Replace or add the re-read rows; drop those asked for that are gone (retired)."""
        gone = asked - {r.id for r in fresh}
        kept = [k for k, r in enumerate(self._cols.rows) if r.id not in gone]
        rows = [self._cols.rows[k] for k in kept]
        heads = [self._cols.heads[k] for k in kept]
        geometries = {d: [g[k] for k in kept] for d, g in self._cols.geometries.items()}
        position = {r.id: k for k, r in enumerate(rows)}
        for r in fresh:
            k = position.get(r.id)
            if k is None:
                rows.append(r)
                heads.append(feature_head(r))
                for d, g in geometries.items():
                    g.append(geometry_bytes(r, d))
            else:
                rows[k], heads[k] = r, feature_head(r)
                for d, g in geometries.items():
                    g[k] = geometry_bytes(r, d)
        self._cols = _columns(rows, heads, geometries)

    def query(self, flt: IncidentFilter, scope: IncidentScope, *, after: Cursor | None, limit: int) -> Page:
        """One page of the incidents the scope lets the viewer see, ordered by (date_start, id)."""
        c = self._refresh()
        rows = c.rows
        mask = np.ones(len(rows), dtype=bool)
        if not scope.everything:
            visible = c.published.copy()
            if scope.zones:
                visible |= c.zone.isin(sorted(scope.zones))
            mask &= visible
        if flt.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = flt.bbox
            mask &= (c.lon >= min_lon) & (c.lon <= max_lon) & (c.lat >= min_lat) & (c.lat <= max_lat)
        if flt.start is not None:
            mask &= c.end >= flt.start.toordinal()
        if flt.end is not None:
            mask &= c.start <= flt.end.toordinal()
        if flt.zones:
            mask &= c.zone.isin(sorted(flt.zones))
        if flt.event_types:
            mask &= c.event_type.isin([str(e) for e in flt.event_types])
        if flt.statuses:
            mask &= c.status.isin([str(x) for x in flt.statuses])
        if flt.verdicts:
            mask &= c.verdict.isin([str(v) for v in flt.verdicts])
        if after is not None:
            # Rows are sorted by (date_start, id): the page starts after the cursor's position.
            day = after.date_start.toordinal()
            first = int(np.searchsorted(c.start, day, side="left"))
            last = int(np.searchsorted(c.start, day, side="right"))
            first += sum(1 for k in range(first, last) if rows[k].id <= after.id)
            mask[:first] = False
        chosen = np.flatnonzero(mask)
        more = len(chosen) > limit
        order = chosen[:limit].tolist()
        page = [rows[k] for k in order]
        cursor = Cursor(page[-1].date_start, page[-1].id) if more and page else None
        served = c.geometries.get(scope.decimals)
        geometries = [served[k] for k in order] if served is not None else None
        return Page(page, [c.heads[k] for k in order], cursor, geometries)
