"""Largest-remainder apportionment: exact sums with any weights (no database)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inflytt.budget.rounding import apportion, apportion_lines


def test_all_equal_weights_give_the_odd_kronor_to_the_first_parties():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(130_200, [1] * 8) == [16_275] * 8


def test_one_huge_weight_takes_almost_all_and_the_small_ones_get_their_kronor():
    parts = apportion(1_000, [10**12, 1, 1])
    assert parts == [1_000, 0, 0]
    assert apportion(1_001, [1_000_000, 1_000, 1]) == [1_000, 1, 0]


def test_many_parties_with_a_small_amount():
    parts = apportion(7, [1] * 290)
    assert sum(parts) == 7
    assert parts[:7] == [1] * 7 and set(parts[7:]) == {0}


def test_awkward_thirds_and_sevenths():
    assert apportion(100, [1, 1, 1]) == [34, 33, 33]
    assert apportion(100, [3, 3, 1]) == [43, 43, 14]
    assert sum(apportion(999_999, [7, 11, 13, 17])) == 999_999


def test_the_party_with_the_largest_remainder_gets_the_krona_not_the_largest_party():
    # Exact quotas 2.6 and 7.4: the krona left after 2 + 7 goes to the first.
    assert apportion(10, [26, 74]) == [3, 7]


def test_zero_total_weight_is_refused():
    with pytest.raises(ValueError, match="zero"):
        apportion(100, [0, 0])


def test_a_zero_weight_gets_nothing():
    assert apportion(100, [0, 1, 1]) == [0, 50, 50]


def test_lines_and_party_totals_both_add_up():
    table = apportion_lines([126_360, 90_000, 30_000], [5, 5, 90])
    assert [sum(row) for row in table] == [126_360, 90_000, 30_000]
    totals = [sum(column) for column in zip(*table, strict=True)]
    assert totals == apportion(246_360, [5, 5, 90])


amounts = st.integers(min_value=0, max_value=10**9)
weight_lists = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=40).filter(
    lambda weights: sum(weights) > 0
)


@given(total=amounts, weights=weight_lists)
def test_apportion_always_adds_up_and_stays_within_a_krona(total, weights):
    parts = apportion(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - Fraction(total * weight, sum(weights))) < 1
        assert part >= 0


@given(line_amounts=st.lists(amounts, min_size=1, max_size=15), weights=weight_lists)
def test_apportion_lines_always_adds_up_per_line_and_per_party(line_amounts, weights):
    table = apportion_lines(line_amounts, weights)
    assert [sum(row) for row in table] == line_amounts
    totals = [sum(column) for column in zip(*table, strict=True)]
    assert totals == apportion(sum(line_amounts), weights)
    weight_sum = sum(weights)
    for amount, row in zip(line_amounts, table, strict=True):
        for part, weight in zip(row, weights, strict=True):
            exact = Fraction(amount * weight, weight_sum)
            assert abs(part - exact) < 2
            if exact >= 1:
                assert part >= 0
