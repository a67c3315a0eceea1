"""The monitor report schema at the edge: BAD_INPUTS rows on coordinates, dates and free text."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ceasefire.errors import InvalidInput
from ceasefire.intake.monitor_report import (
    FLAG_DEFAULT_DATE,
    FLAG_DEVICE_SKEW,
    FLAG_OUT_OF_SCOPE,
    MAX_TEXT,
    check_times,
    parse_submission,
)

RECEIVED = datetime(2017, 6, 10, 6, 0, tzinfo=UTC)
MEMORANDUM = date(2017, 5, 4)


def body(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "idempotency_key": "0b8f6a52-6d2f-4a57-9b1b-7f3f0b3c1a10",
        "what": {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"},
        "where": {"lon": 36.6339, "lat": 35.9306, "place": "Idlib"},
        "when": "2017-06-10T08:30:00+03:00",
        "how_observed": "heard",
        "casualties": {"killed": {"best": 2}, "injured": {"low": 3, "high": 5}},
        "text": "Two shells fell near the bakery.",
    }
    doc.update(changes)
    return doc


def refused(doc: dict[str, Any] | str | bytes) -> InvalidInput:
    raw = doc if isinstance(doc, str | bytes) else json.dumps(doc, ensure_ascii=False)
    with pytest.raises(InvalidInput) as caught:
        parse_submission(raw)
    return caught.value


def test_a_complete_report_is_accepted() -> None:
    sub = parse_submission(json.dumps(body()))
    assert sub.where.lat == 35.9306 and sub.casualties.killed.best == 2
    assert sub.claimed_at == datetime(2017, 6, 10, 5, 30, tzinfo=UTC)


def test_a_time_without_an_offset_is_refused() -> None:  # row 25
    error = refused(body(when="2017-05-04T10:00"))
    assert error.pointer == "/when" and "offset" in error.message


@pytest.mark.parametrize("when", ["01/02/2017T10:00:00+03:00", "2017-06-10", "2017-06-10T23:59:60+03:00"])
def test_ambiguous_dates_and_leap_seconds_are_refused(when: str) -> None:  # rows 26, 28
    assert refused(body(when=when)).pointer == "/when"


def test_swapped_coordinates_are_named_never_swapped() -> None:  # row 18
    error = refused(body(where={"lon": 35.9306, "lat": 36.6339}))
    assert error.pointer == "/where" and "swap" in error.message


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ({"lon": 36.6, "lat": 95.0}, "outside [-90, 90]"),  # row 19
        ({"lon": 0, "lat": 0}, "Null Island"),  # row 21
        ({"lon": "36,2", "lat": "35,9"}, "valid number"),  # row 22
        ({"lon": "٣٦٫٢", "lat": 35.9}, "valid number"),  # row 22
        ({"lon": None, "lat": None}, "location_unknown"),  # row 20
        ({"lon": 36.6}, "both lon and lat"),
        ({"lon": True, "lat": 35.9}, "valid number"),
    ],
)
def test_bad_coordinates_are_refused_with_the_reason(where: dict[str, Any], words: str) -> None:
    error = refused(body(where=where))
    assert (error.pointer or "").startswith("/where") and words in error.message


def test_nan_in_the_json_is_refused_before_the_schema() -> None:  # rows 13, 20
    text = json.dumps(body()).replace("36.6339", "NaN")
    assert "NaN" in refused(text).message


def test_an_unknown_location_must_be_said_explicitly() -> None:  # row 20
    sub = parse_submission(json.dumps(body(where={"location_unknown": True})))
    assert sub.where.lon is None and sub.where.location_unknown


def test_arabic_text_is_kept_with_its_diacritics_and_tatweel_in_nfc() -> None:  # row 43
    text = "قَصْفٌ عَلَى المَخْبَـــز في إدلب ٣ قتلى"
    sub = parse_submission(json.dumps(body(text=text), ensure_ascii=False))
    assert sub.text == unicodedata.normalize("NFC", text)
    assert "\u0640" in sub.text and "\u064e" in sub.text


def test_markup_in_text_is_data_and_zero_width_joiners_stay_in_prose() -> None:  # rows 40, 44
    text = '<script>alert(1)</script><img src=x onerror="y"> می\u200cخواهم'
    assert parse_submission(json.dumps(body(text=text), ensure_ascii=False)).text == text


def test_text_over_twenty_thousand_characters_is_refused() -> None:  # row 46
    error = refused(body(text="x" * (MAX_TEXT + 1)))
    assert error.pointer == "/text" and str(MAX_TEXT) in error.message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ('"text": "a\\ud800b"', "lone surrogate"),  # row 47
        ('"text": "a\\u0000b"', "NUL"),  # row 48
    ],
)
def test_lone_surrogates_and_nul_are_refused(raw: str, words: str) -> None:
    text = json.dumps(body()).replace('"text": "Two shells fell near the bakery."', raw)
    assert words in refused(text).message


@pytest.mark.parametrize("key", ["abc\u200bdefgh-123", "short", "key with spaces!"])
def test_idempotency_keys_are_plain_ascii(key: str) -> None:  # rows 44, 45
    assert refused(body(idempotency_key=key)).pointer == "/idempotency_key"


def test_invisible_characters_in_a_place_name_are_refused_and_bidi_overrides_stripped() -> None:  # rows 42, 44
    assert refused(body(where={"place": "Id\u200blib"})).pointer == "/where/place"
    sub = parse_submission(json.dumps(body(where={"place": "\u202eIdlib\u202c"})))
    assert sub.where.place == "Idlib"


def test_fields_the_submitter_may_not_set_are_refused() -> None:  # row 63
    error = refused(body(status="verified"))
    assert error.pointer == "/status"


def test_duplicate_keys_are_refused() -> None:  # row 14
    text = json.dumps(body())[:-1] + ', "how_observed": "saw"}'
    assert "duplicate key" in refused(text).message


def test_a_sub_type_of_another_type_is_refused() -> None:
    error = refused(body(what={"event_type": "Battles", "sub_event_type": "Air/drone strike"}))
    assert error.pointer == "/what" and "Armed clash" in error.message


def test_a_time_more_than_ten_minutes_ahead_of_the_server_is_refused() -> None:  # row 24
    ahead = parse_submission(json.dumps(body(when="2017-06-10T09:15:00+03:00")))
    with pytest.raises(InvalidInput) as caught:
        check_times(ahead, received_at=RECEIVED, scope_start=MEMORANDUM)
    assert caught.value.pointer == "/when"
    slightly = parse_submission(json.dumps(body(when="2017-06-10T09:05:00+03:00")))
    assert check_times(slightly, received_at=RECEIVED, scope_start=MEMORANDUM)[2] == ()


@pytest.mark.parametrize(
    ("when", "flags"),
    [
        ("2017-05-01T12:00:00+03:00", (FLAG_OUT_OF_SCOPE,)),
        ("1970-01-01T00:00:00Z", (FLAG_DEFAULT_DATE, FLAG_OUT_OF_SCOPE)),
    ],
)
def test_times_before_the_agreement_are_accepted_with_a_flag(when: str, flags: tuple[str, ...]) -> None:  # row 27
    sub = parse_submission(json.dumps(body(when=when)))
    assert check_times(sub, received_at=RECEIVED, scope_start=MEMORANDUM)[2] == flags


def test_a_device_clock_hours_off_is_kept_and_flagged_never_corrected() -> None:  # row 29
    sub = parse_submission(json.dumps(body(device_time="2017-06-10T04:00:00+03:00")))
    claimed, device, flags = check_times(sub, received_at=RECEIVED, scope_start=MEMORANDUM)
    assert device == datetime(2017, 6, 10, 1, 0, tzinfo=UTC) and flags == (FLAG_DEVICE_SKEW,)
    assert claimed == sub.claimed_at
