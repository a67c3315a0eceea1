"""Zone versions: geometry is never overwritten; `version_at` answers what was in force."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.domain.statuses import ZoneKind
from ceasefire.domain.zones import AmendmentError, Zone, ZoneVersion, amend

SQUARE = {"type": "Polygon", "coordinates": [[[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]]}
SMALLER = {"type": "Polygon", "coordinates": [[[36.2, 35.2], [36.8, 35.2], [36.8, 35.8], [36.2, 35.8], [36.2, 35.2]]]}


def _zone() -> Zone:
    v1 = ZoneVersion("idlib", 1, SQUARE, valid_from=date(2017, 5, 6), basis="memorandum")
    return Zone("idlib", "astana-2017", "Idlib", ZoneKind.DE_ESCALATION_AREA, (v1,))


def test_no_version_applies_before_entry_into_force() -> None:
    assert _zone().version_at(date(2017, 5, 5)) is None


def test_the_first_version_applies_from_entry_into_force() -> None:
    v = _zone().version_at(date(2017, 5, 6))
    assert v is not None and v.version == 1


def test_amending_adds_a_version_and_keeps_the_old_one() -> None:
    amended, new, closed = amend(_zone(), SMALLER, valid_from=date(2017, 9, 15), basis="Astana 6 agreement")
    assert [v.version for v in amended.versions] == [1, 2]
    assert closed is not None and closed.valid_to == date(2017, 9, 15)
    assert closed.geometry == SQUARE
    assert new.valid_from == date(2017, 9, 15) and new.valid_to is None


def test_version_at_answers_with_the_geometry_in_force_on_each_day() -> None:
    amended, _, _ = amend(_zone(), SMALLER, valid_from=date(2017, 9, 15), basis="Astana 6 agreement")
    before, after = amended.version_at(date(2017, 9, 14)), amended.version_at(date(2017, 9, 15))
    assert before is not None and before.version == 1
    assert after is not None and after.version == 2 and after.geometry == SMALLER


def test_an_amendment_cannot_start_before_the_current_version() -> None:
    with pytest.raises(AmendmentError, match="must start after"):
        amend(_zone(), SMALLER, valid_from=date(2017, 5, 1), basis="backdated map")


def test_an_amendment_needs_a_basis() -> None:
    with pytest.raises(AmendmentError, match="basis"):
        amend(_zone(), SMALLER, valid_from=date(2017, 9, 15), basis="  ")
