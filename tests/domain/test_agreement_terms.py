"""An agreement's validity: entry into force, initial term, automatic renewal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ceasefire.domain.agreements import Agreement, add_months

MEMO = Agreement("astana-2017", "memorandum", signed=date(2017, 5, 4), in_force=date(2017, 5, 6), duration_months=6)


def test_agreement_is_not_in_force_between_signature_and_entry_into_force() -> None:
    assert not MEMO.in_force_on(date(2017, 5, 5))


def test_initial_term_is_six_calendar_months() -> None:
    assert MEMO.initial_term_end == date(2017, 11, 6)


def test_a_fixed_term_agreement_lapses_after_its_term() -> None:
    assert MEMO.in_force_on(date(2017, 11, 5)) and not MEMO.in_force_on(date(2017, 11, 6))


def test_an_auto_renewing_agreement_stays_in_force() -> None:
    assert replace(MEMO, auto_renew=True).in_force_on(date(2019, 1, 1))


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert add_months(date(2017, 8, 31), 6) == date(2018, 2, 28)
