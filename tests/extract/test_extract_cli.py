"""`ceasefire extract` from the command line: JSON Lines in input order, errors named on stderr."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ceasefire.cli.main import _register, app

runner = CliRunner()
_register()

HEADER = "TITLE: An invented item\nOUTLET: Example Wire\nPUBLICATION_DATE: {date}\nURL: https://example.org/{n}\n\n"


def write(tmp_path: Path, name: str, text: str, date: str | None = "2018-02-07") -> Path:
    path = tmp_path / name
    path.write_text((HEADER.format(date=date, n=name) if date else "") + text, encoding="utf-8")
    return path


def test_one_json_object_per_file_in_input_order(tmp_path: Path) -> None:
    b = write(tmp_path, "b.txt", "Jets struck Saraqib on Monday, killing two, medics said.")
    a = write(tmp_path, "a.txt", "Talks will be held in Astana on 20 February, the ministry said.")
    result = runner.invoke(app, ["extract", str(b), str(a), "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in lines] == [str(b), str(a)]
    first = lines[0]
    assert first["document"]["published"] == {"start": "2018-02-07", "end": "2018-02-07", "precision": "day"}
    (incident,) = first["claims"]
    assert incident["kind"] == "incident" and incident["zone"] == "idlib" and incident["attributed_to"] == "medics"
    assert set(incident) >= {
        "event_type",
        "sub_event_type",
        "date",
        "place",
        "zone",
        "perpetrator",
        "target",
        "fatalities",
        "attributed_to",
        "span",
    }
    assert lines[1]["claims"][0]["kind"] == "talks_round" and lines[1]["claims"][0]["status"] == "planned"


def test_a_bad_file_is_named_on_stderr_and_the_others_still_come_out(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "Rebels shelled Douma on Monday.")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["extract", str(empty), str(good), str(binary), str(missing)])
    assert result.exit_code == 1
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [str(good)]
    for bad in (empty, binary, missing):
        assert str(bad) in result.stderr


def test_plain_text_needs_published_and_accepts_it(tmp_path: Path) -> None:
    plain = write(tmp_path, "plain.txt", "Rebels shelled Douma on Monday.", date=None)
    refused = runner.invoke(app, ["extract", str(plain)])
    assert refused.exit_code == 1 and "--published" in refused.stderr
    accepted = runner.invoke(app, ["extract", str(plain), "--published", "2018-01-10"])
    assert accepted.exit_code == 0
    (record,) = [json.loads(line) for line in accepted.stdout.splitlines()]
    assert record["claims"][0]["date"]["start"] == "2018-01-08"


def test_a_bad_published_value_is_an_error(tmp_path: Path) -> None:
    plain = write(tmp_path, "plain.txt", "Rebels shelled Douma.", date=None)
    result = runner.invoke(app, ["extract", str(plain), "--published", "last spring"])
    assert result.exit_code != 0 and "--published" in result.stderr


def test_the_table_is_for_people(tmp_path: Path) -> None:
    item = write(tmp_path, "t.txt", "Jets struck Saraqib on Monday.")
    result = runner.invoke(app, ["extract", str(item), "--format", "table"])
    assert result.exit_code == 0 and "incident" in result.stdout and "idlib" in result.stdout
