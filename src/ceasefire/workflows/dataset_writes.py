"""Dataset rows into the record, the writing half: stores a `dataset_rows.BatchPlan` in the
caller's transaction (reports, claims, incidents with their governorate and zone, pinned
claim links), with one audit event for the batch and one per revised or withdrawn incident.

Runs inside each batch transaction of `dataset_import` and of a quarantine retry. Rows go in
with bulk inserts; zone assignments are remembered across the batches of one import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime

import numpy as np

from ceasefire.domain.incidents import Incident, ZoneAssignment
from ceasefire.domain.zones import Zone, versions_in_force
from ceasefire.geo.admin1 import assign_admin1
from ceasefire.storage import claim_links_repo, incidents_repo, intake_repo, reports_repo, zones_repo
from ceasefire.storage.record import Transaction
from ceasefire.workflows.assignment import assignments_for
from ceasefire.workflows.dataset_rows import BatchPlan, batch_digest


def with_governorates(items: Sequence[Incident]) -> list[Incident]:
    """Each located incident's admin1 set to the OCHA governorate containing its point (one
    vectorised pass); unlocated or outside Syria keep the source's own admin1."""
    located = [k for k, i in enumerate(items) if i.place.lon is not None and i.place.lat is not None]
    out = list(items)
    if not located:
        return out
    names, _ = assign_admin1(
        np.array([items[k].place.lon for k in located], dtype=np.float64),
        np.array([items[k].place.lat for k in located], dtype=np.float64),
    )
    for k, name in zip(located, names.tolist(), strict=True):
        if name is not None and name != items[k].place.admin1:
            out[k] = replace(items[k], place=replace(items[k].place, admin1=name))
    return out


@dataclass
class ZoneMemo:
    """Zone assignments remembered across the batches of one import.

    The rule (`assignments_for`) reads an incident's dates only through which zone versions
    are in force on its first and last day, so its answer is kept per place and pair of
    versions in force; a dataset repeats the same town on hundreds of days of one version.
    The zones are re-read in every batch's transaction; when they differ from the last
    batch's (an amendment committed in between), everything remembered is dropped.
    """

    zones: list[Zone] = field(default_factory=list)
    in_force: dict[date, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    found: dict[object, list[ZoneAssignment]] = field(default_factory=dict)

    def refresh(self, zones: list[Zone]) -> None:
        if zones != self.zones:
            self.zones, self.in_force, self.found = zones, {}, {}

    def _versions_on(self, day: date) -> tuple[tuple[str, int], ...]:
        found = self.in_force.get(day)
        if found is None:
            found = self.in_force[day] = tuple((v.zone_id, v.version) for v in versions_in_force(self.zones, day))
        return found

    def assign(self, items: Sequence[Incident]) -> dict[str, list[ZoneAssignment]]:
        keys = {i.id: (i.place, self._versions_on(i.date.start), self._versions_on(i.date.end)) for i in items}
        todo: dict[object, Incident] = {}
        for inc in items:
            if keys[inc.id] not in self.found:
                todo.setdefault(keys[inc.id], inc)
        if todo:
            computed = assignments_for(list(todo.values()), self.zones)
            self.found.update((key, computed[inc.id]) for key, inc in todo.items())
        return {i.id: self.found[keys[i.id]] for i in items}


def write_plan(tx: Transaction, plan: BatchPlan, *, import_id: int, offset: int, zones: ZoneMemo) -> None:
    """Store a plan in the caller's transaction, with its audit events."""
    conn = tx.conn
    cause = f"import #{import_id}"
    intake_repo.prepare_bulk(conn)
    for source in plan.sources.values():
        reports_repo.ensure_source(conn, source)
    reports_repo.insert_reports(conn, [(r, c, {**extra, "import_id": import_id}) for r, c, extra in plan.reports])
    intake_repo.mark_reports_deleted(conn, plan.deleted_reports)
    fresh = with_governorates(list(plan.new_incidents.values()))
    revised = with_governorates([after for _, after in plan.changed.values()])
    intake_repo.insert_incidents(conn, fresh, import_id)
    for inc in revised:
        claim_links_repo.update_incident(conn, inc)
    intake_repo.mark_incidents_deleted(conn, plan.deleted_incidents)
    if fresh or revised:
        zones.refresh(zones_repo.load_zones(conn))
        if fresh:
            incidents_repo.insert_assignments(conn, zones.assign(fresh), cause=cause)
        if revised:
            moved = incidents_repo.differing_assignments(conn, zones.assign(revised))
            incidents_repo.replace_assignments(conn, moved, cause=f"{cause} revision")
    now = datetime.now(UTC)
    intake_repo.close_links(conn, plan.unlinks, cause=f"{cause}: superseded by a revision", at=now)
    # Pinned: a dataset row is one event by the dataset's own account, so clustering may add
    # other reports' claims to its incident but never merges two dataset events or moves one.
    # Every linked claim belongs to a report inserted above, so none has a link to close.
    intake_repo.link_new_claims(conn, plan.links, cause=f"{cause}: dataset event", actor=tx.actor, at=now)
    for action, iid, payload in plan.events:
        tx.audit(action, "incident", iid, {**payload, "import": import_id})
    tx.audit(
        "import.batch",
        "import",
        str(import_id),
        {
            "records": [plan.first_record, plan.last_record],
            "offset": offset,
            "counts": asdict(plan.counts),
            "sha256": batch_digest(plan.lines),
            "new_incidents": sorted(plan.new_incidents),
        },
    )
