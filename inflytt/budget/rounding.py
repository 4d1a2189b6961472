"""Whole-krona apportionment that never loses or invents a krona. Pure functions, no database.

Amounts are integers (kronor) and exact quotas are `Fraction`s: no float ever touches money.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` kronor by `weights` with the largest-remainder (Hamilton) method.

    Every party first gets the whole kronor of its exact quota; the kronor still missing go one
    each to the parties with the largest fractional remainders, ties to the earlier party. The
    parts add up to `total` exactly and each is within one krona of its exact quota.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        raise ValueError("the weights add up to zero")
    quotas = [Fraction(total * weight, weight_sum) for weight in weights]
    parts = [quota.numerator // quota.denominator for quota in quotas]
    missing = total - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in by_remainder[:missing]:
        parts[i] += 1
    return parts


def apportion_lines(amounts: Sequence[int], weights: Sequence[int]) -> list[list[int]]:
    """Split several lines that share one key: `result[line][party]`, whole kronor.

    Each party's total is the largest-remainder share of the lines' sum, which is what the
    agreement's allocation table does (one share of the pool per municipality). Its share of
    line k is its share of lines 1..k minus its share of lines 1..k-1 (cumulative rounding),
    so every line and every party total add up exactly. A part is within two kronor of its
    exact quota, and can be -1 only when the party's exact share of the line is under 1 krona.
    """
    result: list[list[int]] = []
    previous = [0] * len(weights)
    running = 0
    for amount in amounts:
        running += amount
        cumulative = apportion(running, weights)
        result.append([now - before for now, before in zip(cumulative, previous, strict=True)])
        previous = cumulative
    return result
