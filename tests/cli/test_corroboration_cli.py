"""Curation and assessment from the command line: what the README's commands print and do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import _register, app
from ceasefire.domain.statuses import Side, Stance
from ceasefire.intake.agreement_file import load_packaged_agreement
from ceasefire.storage.record import Record
from ceasefire.workflows.agreements import store_loaded_agreement
from ceasefire.workflows.clustering import link_claims
from claim_factory import claim
from claims_in_record import incident_of, partition, store_report

runner = CliRunner()
_register()
DOUMA = ("Douma", 36.4027, 33.57175)
KAFRANBEL = ("Kafranbel", 36.56449, 35.61376)


def cf(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "record.db"
    record = Record.open(str(path))
    store_loaded_agreement(record, load_packaged_agreement("astana-2017"), actor="test")
    store_report(record, "r1", "Enab Baladi", [claim("a1", "r1", place=DOUMA, said_by="Syrian Civil Defence")])
    store_report(record, "r2", "SANA", [claim("a2", "r2", place=DOUMA, said_by="SANA", stance=Stance.DENIES)])
    store_report(
        record,
        "r3",
        "TASS",
        [
            claim(
                "b1",
                "r3",
                "2017-07-10",
                place=KAFRANBEL,
                admin1="Idlib",
                by=Side.RUSSIA,
                on=("HTS position", Side.HTS),
                said_by="Russian Defence Ministry",
            )
        ],
    )
    store_report(record, "r4", "SOHR", [claim("g1", "r4", "2017-06-05", place=DOUMA)])
    record.close()
    return path


def test_cluster_then_show_prints_both_accounts_side_by_side_and_the_verdicts_with_traces(db: Path) -> None:
    code, out = cf(db, "incidents", "cluster")
    assert code == 0 and "4 claims in 3 incidents" in out
    record = Record.open(str(db))
    douma = incident_of(record, "a1")
    code, out = cf(db, "incidents", "show", douma)
    assert code == 0, out
    assert "accounts, side by side" in out and "Syrian Civil Defence" in out and "SANA" in out
    assert "denies" in out and "the claims make it contested" in out
    assert "astana-2017/cessation-of-hostilities: contested" in out
    assert "zone: inside eastern-ghouta (de-escalation-area)" in out and "area 3" in out


def test_list_filters_by_verdict_and_zone_as_json(db: Path) -> None:
    cf(db, "incidents", "cluster")
    code, out = cf(db, "assess", "--since", "2017-01-01")
    assert code == 0 and "assessed 3 incidents" in out
    code, out = cf(db, "incidents", "list", "--verdict", "violation", "--zone", "eastern-ghouta", "--format", "json")
    assert code == 0, out
    record = Record.open(str(db))
    assert [r["id"] for r in json.loads(out)] == [incident_of(record, "g1")]
    code, out = cf(db, "incidents", "list", "--verdict", "exempt", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == [incident_of(record, "b1")]


def test_a_scripted_merge_split_verify_sequence_leaves_an_intact_audit_chain(db: Path) -> None:
    cf(db, "incidents", "cluster")
    record = Record.open(str(db))
    douma, other = incident_of(record, "a1"), incident_of(record, "g1")
    before = partition(record)
    assert cf(db, "incidents", "merge", douma, other, "--note", "same raid")[0] == 0
    assert cf(db, "incidents", "split", douma, "--claims", "g1")[0] == 0
    assert partition(record) == before and incident_of(record, "g1") == other
    code, out = cf(db, "incidents", "verify", other, "--status", "verified", "--method", "reported")
    assert code == 1 and "transition_refused" in out
    assert cf(db, "incidents", "verify", other, "--status", "verified", "--method", "saw", "--note", "monitor")[0] == 0
    assert cf(db, "incidents", "rebuild")[0] == 0
    code, out = cf(db, "audit", "verify")
    assert code == 0 and "audit chain intact" in out
    code, out = cf(db, "incidents", "show", other)
    assert "alleged -> verified" in out and "merge" in out and "split from" in out


def test_claims_arriving_one_report_at_a_time_are_linked_inside_the_intake_transaction(db: Path) -> None:
    record = Record.open(str(db))
    with record.transaction("test") as tx:
        summary = link_claims(tx, ["a1", "a2"])
    assert summary.created and partition(record) == {("a1", "a2")}
