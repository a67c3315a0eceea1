"""Independent sources per incident for outputs (bulletin, exports), counted from the claims an
edition may show: the public count never includes a confidential source, so a number cannot
betray a report that the text leaves out. Corroboration's own rules decide what is independent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ceasefire.analysis.corroboration import corroborate
from ceasefire.render.claims import ClaimView, visible_claims
from ceasefire.render.redaction import Edition
from ceasefire.storage.claim_links_repo import Conn
from ceasefire.workflows.assessment import Context, provenance


def independent_sources(
    conn: Conn, claims: Sequence[ClaimView], edition: Edition, confidential_names: Sequence[str]
) -> dict[str, int]:
    """Incident id -> number of independent sources among the claims the edition may show;
    incidents without such claims are absent (not zero: the record holds no account of them)."""
    shown = visible_claims(claims, edition, confidential_names)
    if not shown:
        return {}
    ctx = Context.load(conn)
    known = provenance(conn, [c.claim for c in shown], ctx)
    grouped: dict[str, list[ClaimView]] = defaultdict(list)
    for c in shown:
        grouped[c.incident_id].append(c)
    return {
        incident: corroborate([c.claim for c in items], known, ctx.voices).independent_sources
        for incident, items in grouped.items()
    }
