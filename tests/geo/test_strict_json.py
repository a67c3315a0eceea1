"""Strict JSON at the edge: each lenient habit of `json.loads` becomes a named 400."""

from __future__ import annotations

import pytest

from ceasefire.errors import InvalidInput
from ceasefire.geo.strict_json import json_pointer, loads_strict

LIMITS = {"max_bytes": 100_000, "max_depth": 32}


def test_plain_geojson_parses_to_python_values() -> None:
    parsed = loads_strict(b'{"type": "Point", "coordinates": [36.6, 35.9], "n": 3}', **LIMITS)
    assert parsed == {"type": "Point", "coordinates": [36.6, 35.9], "n": 3}


def test_nan_token_is_rejected_with_its_pointer() -> None:
    with pytest.raises(InvalidInput) as err:
        loads_strict('{"coordinates": [36.6, NaN]}', **LIMITS)
    assert err.value.pointer == "/coordinates/1"
    assert "NaN" in err.value.message


def test_infinity_token_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="-Infinity is not a JSON number"):
        loads_strict("[1, -Infinity]", **LIMITS)


def test_duplicate_keys_are_rejected_instead_of_last_one_winning() -> None:
    with pytest.raises(InvalidInput) as err:
        loads_strict('{"geometry": {"type": "Point", "type": "Polygon"}}', **LIMITS)
    assert err.value.pointer == "/geometry/type"
    assert "duplicate key 'type'" in err.value.message


def test_number_overflowing_to_infinity_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="out of range") as err:
        loads_strict('{"lat": 1e400}', **LIMITS)
    assert err.value.pointer == "/lat"


def test_ten_thousand_digit_integer_is_rejected_not_a_server_error() -> None:
    with pytest.raises(InvalidInput, match="10000 digits is too large") as err:
        loads_strict('{"n": ' + "9" * 10_000 + "}", **LIMITS)
    assert err.value.pointer == "/n"


def test_deep_nesting_is_rejected_before_parsing_without_recursion_error() -> None:
    with pytest.raises(InvalidInput, match="nested 100000 levels deep; the limit is 32"):
        loads_strict("[" * 100_000 + "]" * 100_000, max_bytes=1_000_000, max_depth=32)


def test_brackets_inside_strings_do_not_count_towards_depth() -> None:
    text = '{"label": "' + "[" * 100 + '\\"{{{"}'
    assert loads_strict(text, max_bytes=1000, max_depth=2) == {"label": "[" * 100 + '"{{{'}


def test_nesting_exactly_at_the_limit_is_accepted() -> None:
    assert loads_strict("[[[1]]]", max_bytes=100, max_depth=3) == [[[1]]]


def test_lone_surrogate_escape_is_rejected_with_its_pointer() -> None:
    with pytest.raises(InvalidInput, match="lone surrogate") as err:
        loads_strict('{"features": [{"name": "Idlib\\ud800"}]}', **LIMITS)
    assert err.value.pointer == "/features/0/name"


def test_escaped_surrogate_pair_is_accepted_as_one_character() -> None:
    assert loads_strict('"\\ud83d\\ude00"', **LIMITS) == "\U0001f600"


def test_nul_escape_in_text_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="NUL character") as err:
        loads_strict('{"notes": "a\\u0000b"}', **LIMITS)
    assert err.value.pointer == "/notes"


def test_nul_escape_in_a_key_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="NUL character") as err:
        loads_strict('{"a\\u0000": 1}', **LIMITS)
    assert err.value.pointer == "/a\x00"


def test_oversize_input_is_rejected_before_parsing() -> None:
    with pytest.raises(InvalidInput, match="exceeds the limit of 10 bytes"):
        loads_strict(b"[" + b"1," * 50 + b"1]", max_bytes=10, max_depth=4)


def test_size_limit_counts_utf8_bytes_not_characters() -> None:
    with pytest.raises(InvalidInput, match="10 bytes exceeds the limit of 8"):
        loads_strict('"إدلب"', max_bytes=8, max_depth=4)


def test_invalid_utf8_bytes_are_rejected() -> None:
    with pytest.raises(InvalidInput, match="not valid UTF-8"):
        loads_strict(b'{"name": "\xc7\xe1"}', **LIMITS)


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(InvalidInput, match="line 2 column"):
        loads_strict('{"a": 1,\n "b": }', **LIMITS)


def test_pointer_escapes_tilde_and_slash() -> None:
    assert json_pointer(["a/b", "m~n", 0]) == "/a~1b/m~0n/0"


def test_long_decimal_overflowing_to_infinity_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="out of range"):
        loads_strict("[" + "9" * 400 + ".5]", **LIMITS)


def test_tiny_number_with_three_digit_exponent_is_accepted() -> None:
    assert loads_strict("[1e-300]", **LIMITS) == [1e-300]
