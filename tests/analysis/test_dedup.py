"""Dedup: which claims become one incident, and that the answer never depends on arrival order."""

from __future__ import annotations

import json
import random
from pathlib import Path

from ceasefire.analysis.dedup import Cluster, Pinned, cluster, connected, incident_ids, pair_score
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import EventType, GeoPrecision, Side, Stance
from claim_factory import claim, gold_claims

RASTAN = ("Ar Rastan", 36.73241, 34.92667)
TALBISEH = ("Talbiseh", 36.73092, 34.84072)


def _partition(clusters: list[Cluster]) -> set[tuple[str, ...]]:
    return {c.claim_ids for c in clusters}


def test_an_allegation_and_its_denial_from_opposite_sides_are_one_incident() -> None:
    alleged = claim("a", "r1", said_by="Syrian Civil Defence")
    denied = claim("b", "r2", said_by="SANA", stance=Stance.DENIES, on=("terrorist positions", Side.HTS))
    assert _partition(cluster([alleged, denied])) == {("a", "b")}


def test_a_strike_reported_as_a_clash_by_russian_jets_matches_the_regime_airstrike() -> None:
    strike = claim("a", "r1", by=Side.GOVERNMENT)
    clash = claim("b", "r2", by=Side.RUSSIA, event=EventType.BATTLES, sub="Armed clash")
    assert pair_score(strike, clash) > 0
    assert _partition(cluster([strike, clash])) == {("a", "b")}


def test_claims_of_one_report_stay_apart_unless_one_denies_the_other() -> None:
    first = claim("a", "r1", said_by="SOHR")
    second = claim("b", "r1", said_by="civil defence")
    denial = claim("c", "r1", said_by="Syrian army", stance=Stance.DENIES)
    assert pair_score(first, second) == 0
    assert pair_score(first, denial) > 0


def test_strikes_on_towns_ten_km_apart_on_one_day_are_two_incidents() -> None:
    a = claim("a", "r1", place=RASTAN, admin1="Homs")
    b = claim("b", "r2", place=TALBISEH, admin1="Homs")
    assert pair_score(a, b) == 0
    assert _partition(cluster([a, b])) == {("a",), ("b",)}


def test_the_same_town_on_days_that_do_not_overlap_is_two_incidents() -> None:
    a = claim("a", "r1", "2017-06-01")
    b = claim("b", "r2", "2017-06-02")
    assert _partition(cluster([a, b])) == {("a",), ("b",)}


def test_opposing_perpetrators_are_not_one_event() -> None:
    by_regime = claim("a", "r1", by=Side.GOVERNMENT)
    by_isis = claim("b", "r2", by=Side.ISIS)
    assert pair_score(by_regime, by_isis) == 0


def test_a_province_level_claim_does_not_chain_two_towns_into_one_incident() -> None:
    rastan = claim("a", "r1", place=RASTAN, admin1="Homs")
    talbiseh = claim("b", "r2", place=TALBISEH, admin1="Homs")
    province = claim("c", "r3", place=("Homs", None, None), precision=GeoPrecision.PROVINCE, admin1="Homs")
    found = _partition(cluster([rastan, talbiseh, province]))
    assert len(found) == 2 and ("a", "b") not in found and not any({"a", "b"} <= set(c) for c in found)


def test_unresolved_towns_match_by_their_normalised_name() -> None:
    a = claim("a", "r1", place=("Kafr Nabl", None, None), admin1="Idlib")
    b = claim("b", "r2", place=("Kafranbel", None, None), admin1="Idleb")
    assert _partition(cluster([a, b])) == {("a", "b")}


def _synthetic(seed: int) -> list[Claim]:
    rng = random.Random(seed)
    towns = [RASTAN, TALBISEH, ("Douma", 36.4027, 33.57175), ("Harasta", 36.36515, 33.55869)]
    out = []
    for n in range(40):
        town = rng.choice(towns)
        day = f"2017-06-{rng.randint(1, 4):02d}"
        out.append(
            claim(
                f"c{n:02d}",
                f"r{rng.randint(0, 14)}",
                day,
                place=town,
                admin1=None,
                event=rng.choice([EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.BATTLES]),
                by=rng.choice([Side.GOVERNMENT, Side.RUSSIA, Side.UNKNOWN, Side.OPPOSITION]),
                stance=rng.choice([Stance.REPORTS, Stance.REPORTS, Stance.DENIES]),
            )
        )
    return out


def test_clustering_gives_the_same_incidents_for_any_order_of_the_claims() -> None:
    claims = _synthetic(7)
    expected = _partition(cluster(claims))
    assert 3 < len(expected) < len(claims)
    for seed in range(10):
        shuffled = claims[:]
        random.Random(seed).shuffle(shuffled)
        assert _partition(cluster(shuffled)) == expected


def test_reclustering_each_new_claims_component_ends_where_a_rebuild_does() -> None:
    claims = _synthetic(11)
    for seed in range(5):
        arriving = claims[:]
        random.Random(seed).shuffle(arriving)
        state: dict[str, tuple[str, ...]] = {}
        seen: list[Claim] = []
        for new in arriving:
            seen.append(new)
            part = connected(seen, [new.id])
            for c in cluster([c for c in seen if c.id in part]):
                state.update(dict.fromkeys(c.claim_ids, c.claim_ids))
        assert set(state.values()) == _partition(cluster(claims))


def test_pinned_groups_stay_together_absorb_new_claims_and_never_join_each_other() -> None:
    a, b, c = claim("a", "r1"), claim("b", "r2"), claim("c", "r3")
    far = claim("z", "r4", place=RASTAN, admin1="Homs")
    pinned = [Pinned("inc-1", frozenset({"a", "z"})), Pinned("inc-2", frozenset({"b"}))]
    found = cluster([a, b, c, far], pinned)
    assert {(x.claim_ids, x.pinned_incident) for x in found} in (
        {(("a", "c", "z"), "inc-1"), (("b",), "inc-2")},
        {(("a", "z"), "inc-1"), (("b", "c"), "inc-2")},
    )


def test_clusters_keep_the_incident_holding_most_of_their_claims() -> None:
    clusters = [Cluster(("a", "b", "c")), Cluster(("d",)), Cluster(("e",), "inc-pinned")]
    names = incident_ids(
        clusters, {"a": "inc-1", "b": "inc-1", "c": "inc-2", "d": "inc-1"}, lambda c: "new-" + c.claim_ids[0]
    )
    assert names == {("a", "b", "c"): "inc-1", ("d",): "new-d", ("e",): "inc-pinned"}


def _gold(shared_eval: Path) -> list[Claim]:
    return gold_claims(json.loads((shared_eval / "dev_gold.json").read_text()))


def _together(found: list[Cluster], a: str, b: str) -> bool:
    return any(a in c.claim_ids and b in c.claim_ids for c in found)


def test_dev_items_merge_the_us_and_pro_government_reports_of_the_busra_al_harir_offensive(shared_eval: Path) -> None:
    claims = _gold(shared_eval)
    found = cluster(claims)
    busra_us = next(c.id for c in claims if c.report_id == "news/15.txt" and "Busra" in c.place.name)  # type: ignore[union-attr]
    busra_southfront = next(c.id for c in claims if c.report_id == "news/17.txt")
    assert _together(found, busra_us, busra_southfront)


def test_dev_items_keep_distinct_events_apart(shared_eval: Path) -> None:
    claims = _gold(shared_eval)
    found = cluster(claims)
    ids = {(c.report_id, c.place.name if c.place else ""): c.id for c in claims}
    assert not _together(found, ids[("news/11.txt", "Ar Rastan")], ids[("news/11.txt", "Tallbīsah")])
    assert not _together(found, ids[("news/09.txt", "Tallbīsah")], ids[("news/11.txt", "Tallbīsah")])
    assert not _together(found, ids[("news/13.txt", "Busra al-Harir")], ids[("news/17.txt", "Busra al-Harir")])
    assert not _together(found, ids[("news/23.txt", "Ḩarastā")], ids[("news/25.txt", "Damascus")])
    for item in {c.report_id for c in claims}:
        own = [c.id for c in claims if c.report_id == item]
        assert all(not _together(found, x, y) for x in own for y in own if x < y)
    shuffled = claims[:]
    random.Random(3).shuffle(shuffled)
    assert _partition(cluster(shuffled)) == _partition(found)
