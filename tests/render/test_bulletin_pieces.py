"""The bulletin's parts on their own: the map's colours, the trend chart, redaction, claim summaries."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
from PIL import Image

from ceasefire.analysis.stats import Dimension
from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import ClaimKind, Confidentiality, EventType, Side, Stance
from ceasefire.render.charts import trend_chart
from ceasefire.render.claims import ClaimView, contested_claims, disagree, summarise
from ceasefire.render.map import STATUS_COLOURS, VERDICT_COLOURS, draw_map
from ceasefire.render.redaction import WITHHELD, Edition, SourceFilter, for_edition

SQUARE = {"type": "Polygon", "coordinates": [[[36.3, 33.4], [36.6, 33.4], [36.6, 33.7], [36.3, 33.7], [36.3, 33.4]]]}


def has_colour(png: bytes, hex_colour: str, tolerance: int = 6) -> bool:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3).astype(int)
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(pixels - target).max(axis=1) <= tolerance).any())


def points(**columns: list[object]) -> pd.DataFrame:
    return pd.DataFrame({"lon": [36.45, 36.5], "lat": [33.55, 33.6], **columns})


def test_map_colours_incidents_by_verdict_once_assessed() -> None:
    png = draw_map(points(status=["alleged", "alleged"], verdict=["violation", None]), [("g", SQUARE, True)], title="t")
    assert png.startswith(b"\x89PNG")
    assert has_colour(png, VERDICT_COLOURS["violation"])


def test_map_colours_incidents_by_status_before_assessment() -> None:
    png = draw_map(points(status=["contested", "contested"]), [("g", SQUARE, False)], title="t")
    assert has_colour(png, STATUS_COLOURS["contested"])
    assert not has_colour(png, VERDICT_COLOURS["violation"])


def test_trend_chart_draws_one_panel_per_zone() -> None:
    days = [date(2017, 6, d) for d in range(1, 8)]
    one = pd.DataFrame({"a": [0, 1, 2, 0, 0, 3, 1]}, index=days)
    two = pd.DataFrame({"a": [0] * 7, "b": [1] * 7}, index=days)
    tall_one = Image.open(io.BytesIO(trend_chart(one, Dimension.DAY, "incidents"))).height
    tall_two = Image.open(io.BytesIO(trend_chart(two, Dimension.DAY, "incidents"))).height
    assert tall_two > tall_one
    assert has_colour(trend_chart(one, Dimension.DAY, "incidents"), "#c0392b")


def test_public_edition_rounds_points_and_withholds_named_sources() -> None:
    frame = pd.DataFrame({"lon": [36.41234, None], "lat": [33.56789, None], "source_name": ["Bravo-7 team", "SANA"]})
    shown = for_edition(frame, Edition.PUBLIC, SourceFilter(["bravo-7"]))
    assert shown["lat"].iloc[0] == 33.57 and shown["lon"].iloc[0] == 36.41 and pd.isna(shown["lat"].iloc[1])
    assert shown["source_name"].tolist() == [WITHHELD, "SANA"]
    assert for_edition(frame, Edition.CENTRE, SourceFilter(["bravo-7"])) is frame


def account(claim_id: str, who: str, stance: Stance, target_side: Side, confidentiality: Confidentiality) -> ClaimView:
    claim = Claim(
        claim_id,
        f"r-{claim_id}",
        ClaimKind.INCIDENT,
        who,
        date=DateInterval.day(date(2017, 6, 1)),
        place=Place("Douma"),
        event_type=EventType.EXPLOSIONS_REMOTE_VIOLENCE,
        sub_event_type="Air/drone strike",
        perpetrator=ActorRef("government aircraft", Side.GOVERNMENT),
        target=ActorRef("target", target_side),
        fatalities=Fatalities(2, 3, 5),
        stance=stance,
    )
    return ClaimView("i-1", claim, who, confidentiality, date(2017, 6, 2))


def test_a_claim_is_summarised_from_its_facts_in_one_line() -> None:
    text = summarise(account("a", "SANA", Stance.DENIES, Side.HTS, Confidentiality.PUBLIC).claim)
    assert text == (
        "air/drone strike by government aircraft [government] on target [hts] at Douma; 3 killed (2–5); on 2017-06-01"
    )


def test_claims_disagree_on_a_denial_or_on_who_was_hit() -> None:
    civ = account("a", "X", Stance.ALLEGES, Side.CIVILIANS, Confidentiality.PUBLIC).claim
    hts = account("b", "Y", Stance.ALLEGES, Side.HTS, Confidentiality.PUBLIC).claim
    denial = account("c", "Z", Stance.DENIES, Side.CIVILIANS, Confidentiality.PUBLIC).claim
    assert disagree([civ, hts]) and disagree([civ, denial]) and not disagree([civ, civ])


def test_public_contested_claims_drop_a_confidential_side_and_then_the_dispute() -> None:
    claims = [
        account("a", "Syrian Civil Defence", Stance.ALLEGES, Side.CIVILIANS, Confidentiality.PUBLIC),
        account("b", "Monitor Bravo-7", Stance.DENIES, Side.HTS, Confidentiality.CENTRE),
    ]
    assert len(contested_claims(claims, {"i-1"}, Edition.CENTRE, ["Monitor Bravo-7"])) == 2
    assert contested_claims(claims, {"i-1"}, Edition.PUBLIC, ["Monitor Bravo-7"]) == []
