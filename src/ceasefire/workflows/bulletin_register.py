"""The register of published bulletins as a viewer may read it: what the API's GET /bulletins
and /bulletins/{date} answer. Writing a bulletin is `workflows.bulletin`; this module only
reads the register, so the web never imports the PDF and chart renderers."""

from __future__ import annotations

from datetime import date

from ceasefire.domain.access import Viewer, bulletin_editions
from ceasefire.errors import NotFound
from ceasefire.storage import bulletins_repo
from ceasefire.storage.bulletins_repo import PublishedBulletin
from ceasefire.storage.record import Record


def visible_bulletins(record: Record, viewer: Viewer, day: date | None = None) -> list[PublishedBulletin]:
    """Published bulletins of the editions the viewer may read (the centre's: analysts only),
    in order of publication; with `day`, that day's only, and NotFound when there are none."""
    editions = {str(e) for e in bulletin_editions(viewer)}
    with record.reader() as conn:
        found = [b for b in bulletins_repo.published_bulletins(conn, day) if b.edition in editions]
    if day is not None and not found:
        raise NotFound(f"no bulletin of {day.isoformat()} has been published")
    return found
