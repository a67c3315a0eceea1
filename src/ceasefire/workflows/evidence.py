"""Evidence files attached to reports: the workflow behind `ceasefire evidence`. Runs after a
report is stored; the checks and the metadata stripping live in `intake.evidence_files` and
run in `evidence_worker`, a process with resource limits.

A file arrives as a stream: it is hashed while it is written to a temporary file (fsynced,
then renamed to its SHA-256), so the original is kept byte-exact and content-addressed, and
refused when it passes the size cap before it is read whole. Its kind is sniffed from the
bytes against the allowlist; its working copy, with every metadata block removed, is stored
beside it. The same bytes twice are stored once and linked to each report that cites them,
with a custody event. The original goes to analysts only; every arrival, derivation, refusal
and access is an audit event. A refused file is kept too (in the quarantine), so the refusal
can be audited (BAD_INPUTS general rule).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from ceasefire.domain.statuses import Role
from ceasefire.errors import InvalidInput, NotFound
from ceasefire.intake.evidence_files import RefusedFile, display_name
from ceasefire.settings import Settings
from ceasefire.storage import evidence_repo, imports_repo, reports_repo
from ceasefire.storage.blob_store import BlobStore, TooLarge
from ceasefire.storage.evidence_repo import EvidenceLink, StoredEvidence
from ceasefire.storage.imports_repo import Rejection
from ceasefire.storage.record import Record, default_actor

MAX_BYTES = 100 * 1024 * 1024
WORKER_TIMEOUT = 120
Variant = Literal["original", "working"]


@dataclass(frozen=True)
class Added:
    """An evidence file as attached: `new_file` when these bytes were not held before,
    `new_link` when this report did not cite them yet."""

    report_id: str
    evidence: StoredEvidence
    name: str
    new_file: bool
    new_link: bool


@dataclass(frozen=True)
class Stores:
    incoming: BlobStore
    originals: BlobStore
    working: BlobStore
    refused: BlobStore

    @classmethod
    def under(cls, data_dir: Path | None) -> Stores:
        root = data_dir or Settings().data_dir
        return cls(*(BlobStore(root, f"evidence/{area}") for area in ("incoming", "originals", "working", "refused")))


def _derive(original: Path, out: Path) -> dict[str, object]:
    """Run the worker on one file; a crash, a kill or a limit hit refuses the file."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ceasefire.workflows.evidence_worker", str(original), str(out)],
            capture_output=True,
            timeout=WORKER_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RefusedFile(f"checking the file took longer than {WORKER_TIMEOUT} s") from None
    lines = done.stdout.decode(errors="replace").strip().splitlines()
    found = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    if done.returncode == 0 and "mime" in found:
        return dict(found)
    if "refused" in found:
        raise RefusedFile(str(found["refused"]))
    how = f"signal {-done.returncode}" if done.returncode < 0 else f"status {done.returncode}"
    raise RefusedFile(f"the file could not be decoded safely (the checking process ended with {how})")


def add_evidence(
    record: Record,
    report_id: str,
    path: str | Path,
    *,
    name: str | None = None,
    data_dir: Path | None = None,
    actor: str | None = None,
) -> Added:
    """Attach a file to a report; raises `RefusedFile` (kept in the quarantine) when refused."""
    path = Path(path)
    actor = actor or default_actor()
    with record.reader() as conn:
        if not reports_repo.load_reports(conn, [report_id]):
            raise NotFound(f"no report {report_id!r}")
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    stores = Stores.under(data_dir)
    shown = display_name(name if name is not None else path.name)
    with path.open("rb") as f:
        try:
            blob = stores.incoming.put_stream(f, max_bytes=MAX_BYTES)
        except TooLarge as exc:
            raise RefusedFile(f"{exc.message} ({MAX_BYTES // (1024 * 1024)} MB)") from None
    with record.reader() as conn:
        held = evidence_repo.evidence_file(conn, blob.sha256)
    if held is None:
        out = stores.working.root / "tmp" / f"working-{blob.sha256}"
        try:
            found = _derive(blob.path, out)
        except RefusedFile as refusal:
            _refuse(record, stores, blob.sha256, blob.size, shown, report_id, refusal, actor)
            raise
        working_sha = stores.working.put_bytes(out.read_bytes()).sha256 if found["working"] else None
        out.unlink(missing_ok=True)
        held = StoredEvidence(
            sha256=blob.sha256,
            size=blob.size,
            mime=str(found["mime"]),
            width=found["width"] if isinstance(found["width"], int) else None,
            height=found["height"] if isinstance(found["height"], int) else None,
            working_sha256=working_sha,
            working_mime=str(found["working_mime"]) if found["working_mime"] else None,
            working_note=str(found["note"]),
            received_at=datetime.now(UTC),
        )
    stores.incoming.move_to(blob.sha256, stores.originals)
    return _store(record, report_id, held, shown, actor)


def _store(record: Record, report_id: str, held: StoredEvidence, shown: str, actor: str) -> Added:
    with record.transaction(actor) as tx:
        new_file = evidence_repo.evidence_file(tx.conn, held.sha256) is None
        if new_file:
            evidence_repo.insert_file(tx.conn, held)
            tx.audit(
                "evidence.received",
                "evidence",
                held.sha256,
                {"size": held.size, "mime": held.mime, "width": held.width, "height": held.height, "name": shown},
            )
            tx.audit(
                "evidence.derived",
                "evidence",
                held.sha256,
                {"working_sha256": held.working_sha256, "working_mime": held.working_mime, "note": held.working_note},
            )
        new_link = evidence_repo.link(tx.conn, report_id, held.sha256) is None
        if new_link:
            evidence_repo.insert_link(
                tx.conn, report_id=report_id, sha256=held.sha256, original_name=shown, actor=actor
            )
        cited = evidence_repo.reports_citing(tx.conn, held.sha256)
        action = "evidence.linked" if new_link else "evidence.custody"
        tx.audit(action, "evidence", held.sha256, {"report": report_id, "name": shown, "reports": cited})
    return Added(report_id, held, shown, new_file, new_link)


def _refuse(
    record: Record, stores: Stores, sha: str, size: int, shown: str, report_id: str, why: RefusedFile, actor: str
) -> None:
    stores.incoming.move_to(sha, stores.refused)
    with record.transaction(actor) as tx:
        imports_repo.quarantine_rows(
            tx.conn,
            import_id=None,
            kind="evidence",
            file_name=shown,
            file_sha256=sha,
            rejections=[Rejection(None, why.message, {"file": True, "report": report_id, "size": size})],
        )
        tx.audit("evidence.refused", "evidence", sha, {"report": report_id, "name": shown, "reason": why.message})


def evidence_of(record: Record, report_id: str) -> list[tuple[EvidenceLink, StoredEvidence]]:
    with record.reader() as conn:
        links = evidence_repo.links_of_report(conn, report_id)
        files = {link.sha256: evidence_repo.evidence_file(conn, link.sha256) for link in links}
    return [(link, f) for link in links if (f := files[link.sha256]) is not None]


def open_evidence(
    record: Record,
    sha256: str,
    *,
    role: Role,
    variant: Variant = "working",
    data_dir: Path | None = None,
    actor: str | None = None,
) -> tuple[Path, str]:
    """(path, MIME) of a file's original or working copy, after logging the access.

    The original may locate a witness (BAD_INPUTS row 55): only analysts get it, and to
    anyone else it does not exist (404, not 403, row 62). A file without a working copy
    (a PDF) is therefore analysts' only.
    """
    stores = Stores.under(data_dir)
    with record.reader() as conn:
        held = evidence_repo.evidence_file(conn, sha256)
    if held is None or (variant == "original" and role is not Role.ANALYST):
        raise NotFound(f"no evidence file {sha256}")
    if variant == "working" and held.working_sha256 is None:
        if role is not Role.ANALYST:
            raise NotFound(f"no evidence file {sha256}")
        raise NotFound(f"evidence {sha256} has no working copy ({held.working_note}); ask for the original")
    if variant == "original":
        path, mime = stores.originals.path(sha256), held.mime
    else:
        assert held.working_sha256 is not None
        path, mime = stores.working.path(held.working_sha256), held.working_mime or held.mime
    with record.transaction(actor) as tx:
        tx.audit("evidence.accessed", "evidence", sha256, {"variant": variant, "role": str(role)})
    return path, mime
