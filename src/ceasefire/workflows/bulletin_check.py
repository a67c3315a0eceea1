"""Checking a bulletin file against the record: the reader's side of publishing.

A bulletin states the audit chain's head at its cut-off (event #N and its hash). Given the
file, this finds it in the register by its SHA-256, verifies the whole chain, and confirms
that event #N still carries the stated hash, so an altered file, an altered record or a
bulletin that was never published are all told apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ceasefire.errors import InvalidInput
from ceasefire.storage import audit_log, bulletins_repo
from ceasefire.storage.bulletins_repo import PublishedBulletin
from ceasefire.storage.record import Record


@dataclass(frozen=True)
class BulletinCheck:
    """The outcome: `ok` only when every finding holds."""

    path: Path
    sha256: str
    bulletin: PublishedBulletin | None
    chain_intact: bool
    head_matches: bool
    findings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.bulletin is not None and self.chain_intact and self.head_matches


def check_bulletin(record: Record, path: Path) -> BulletinCheck:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from None
    with record.reader() as conn:
        found = bulletins_repo.bulletin_with_hash(conn, digest)
        broken = audit_log.verify(conn)
        stored = bulletins_repo.audit_event_hash(conn, found.audit_seq) if found and found.audit_seq else None
    findings: list[str] = []
    if found is None:
        findings.append(f"no published bulletin has SHA-256 {digest}: the file differs from every one published")
    else:
        findings.append(
            f"published as {found.html_name if found.html_sha256 == digest else found.pdf_name} "
            f"({found.edition} edition of {found.day}) by {found.actor} at {found.published_at:%Y-%m-%d %H:%M:%S}"
        )
    if broken is None:
        findings.append("the record's audit chain is intact")
    else:
        findings.append(f"the record's audit chain is broken at event {broken.seq}: {broken.reason}")
    head_matches = False
    if found is not None:
        if found.audit_seq == 0:
            head_matches = True
            findings.append("the bulletin was cut before any audit event")
        elif stored == found.audit_hash:
            head_matches = True
            findings.append(f"audit event #{found.audit_seq} has the stated hash {found.audit_hash}")
        else:
            findings.append(f"audit event #{found.audit_seq} has hash {stored}, not the stated {found.audit_hash}")
    return BulletinCheck(path, digest, found, broken is None, head_matches, tuple(findings))
