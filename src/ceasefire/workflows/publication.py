"""Publishing an incident: the analyst's act that puts it on the public map, audited."""

from __future__ import annotations

from ceasefire.domain.access import Action, Viewer, may
from ceasefire.errors import Forbidden, NotFound
from ceasefire.storage import incident_listing
from ceasefire.storage.record import Record


def publish_incident(record: Record, viewer: Viewer, incident_id: str) -> bool:
    """Publish once; True when this call published it, False when it already was public."""
    if not may(viewer, Action.PUBLISH_INCIDENT):
        raise Forbidden(f"a {viewer.role} may not publish incidents")
    with record.transaction(f"user:{viewer.name}") as tx:
        published = incident_listing.is_published(tx.conn, incident_id)
        if published is None:
            raise NotFound(f"no incident {incident_id!r}")
        if published:
            return False
        incident_listing.publish(tx.conn, incident_id, tx.actor)
        tx.audit("incident.published", "incident", incident_id, {})
    return True
