"""Loading an agreement file into the record, with its zones, as one audited transaction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ceasefire.domain.agreements import Agreement
from ceasefire.errors import Conflict, NotFound
from ceasefire.intake.agreement_file import LoadedAgreement, agreement_from_document, load_agreement
from ceasefire.storage import agreements_repo, zones_repo
from ceasefire.storage.record import Record


@dataclass(frozen=True)
class LoadResult:
    agreement: Agreement
    created: bool
    zones: int


def load_agreement_file(record: Record, path: str | Path, *, actor: str | None = None) -> LoadResult:
    """Store an agreement and its zones; loading the same file again changes nothing.

    A different file under an id already loaded is refused: an agreement's text is history,
    and zone changes go through `amend_zone`, which keeps the earlier versions.
    """
    loaded = load_agreement(path)
    return store_loaded_agreement(record, loaded, actor=actor)


def store_loaded_agreement(record: Record, loaded: LoadedAgreement, *, actor: str | None = None) -> LoadResult:
    a = loaded.agreement
    with record.transaction(actor) as tx:
        stored = agreements_repo.stored_sha256(tx.conn, a.id)
        if stored == loaded.sha256:
            return LoadResult(a, False, len(loaded.zones))
        if stored is not None:
            raise Conflict(
                f"agreement {a.id!r} is already loaded from different content (sha256 {stored[:12]}…); "
                "amend zones with `ceasefire zones amend` instead of reloading"
            )
        taken = {z.id for z in zones_repo.load_zones(tx.conn)} & {z.id for z in loaded.zones}
        if taken:
            raise Conflict(f"zone id {sorted(taken)[0]!r} already belongs to another agreement")
        agreements_repo.insert_agreement(tx.conn, a, loaded.document, loaded.sha256)
        tx.audit(
            "agreement.loaded", "agreement", a.id, {"sha256": loaded.sha256, "file": loaded.path.name, "name": a.name}
        )
        for position, zone in enumerate(loaded.zones):
            zones_repo.insert_zone(tx.conn, zone, position)
            for v in zone.versions:
                tx.audit(
                    "zone.version.added",
                    "zone",
                    zone.id,
                    {
                        "version": v.version,
                        "valid_from": v.valid_from,
                        "valid_to": v.valid_to,
                        "basis": v.basis,
                        "status": str(v.status),
                        "approximate": v.approximate,
                        "geometry": v.geometry,
                    },
                )
    return LoadResult(a, True, len(loaded.zones))


def stored_agreements(record: Record) -> list[Agreement]:
    with record.reader() as conn:
        return [agreement_from_document(d) for d in agreements_repo.documents(conn)]


def stored_agreement(record: Record, agreement_id: str) -> Agreement:
    with record.reader() as conn:
        document = agreements_repo.document(conn, agreement_id)
    if document is None:
        raise NotFound(f"no agreement {agreement_id!r} in the record")
    return agreement_from_document(document)
