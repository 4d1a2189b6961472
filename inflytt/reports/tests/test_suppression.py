"""Small-cell suppression for steering: "Any cell that counts fewer than 3 people is suppressed for
steering ... and totals stay true", and a suppressed cell cannot be recovered by subtraction."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from inflytt.reports.presentation import HIDDEN, SMALL_CELL, suppress


def test_a_cell_of_one_or_two_is_suppressed_and_the_total_stays_true():
    total, cells = suppress(20, {"bracke": 2, "are": 5, "ostersund": 13})
    assert total.value == 20
    assert cells["bracke"].value is None and cells["bracke"].state == SMALL_CELL


def test_a_second_cell_is_hidden_so_subtraction_does_not_recover_the_small_one():
    total, cells = suppress(20, {"bracke": 2, "are": 5, "ostersund": 13})
    # Without it: 20 - 5 - 13 = 2. The smallest cell that is not small goes too.
    assert cells["are"].value is None and cells["are"].state == HIDDEN
    assert cells["ostersund"].value == 13


def test_zero_and_three_are_shown():
    total, cells = suppress(3, {"bracke": 0, "are": 3})
    assert (total.value, cells["bracke"].value, cells["are"].value) == (3, 0, 3)


def test_a_small_total_is_suppressed_too():
    total, cells = suppress(2, {"bracke": 1, "are": 1, "berg": 0})
    assert total.value is None and cells["bracke"].value is None and cells["berg"].value == 0


def test_when_only_small_cells_make_the_total_the_total_is_hidden():
    # 1 + 1 + 1 = 3: knowing the total and that each cell is 1 or 2 gives every cell.
    total, cells = suppress(3, {"bracke": 1, "are": 1, "berg": 1})
    assert total.value is None


def _possible(shown_total, cells, states):
    """Every assignment a reader could believe: small cells 1-2, hidden ones 3 and up (bounded)."""
    choices = []
    for key in cells:
        state = states[key]
        choices.append([cells[key]] if state is None else ([1, 2] if state == SMALL_CELL else range(3, 30)))
    return [combo for combo in itertools.product(*choices) if shown_total is None or sum(combo) == shown_total]


@given(st.lists(st.integers(min_value=0, max_value=8), min_size=2, max_size=5))
def test_no_suppressed_cell_can_be_worked_out(values):
    cells = {f"p{index}": value for index, value in enumerate(values)}
    total, shown = suppress(sum(values), cells)
    states = {key: None if cell.shown else cell.state for key, cell in shown.items()}
    for key, value in cells.items():
        if 0 < value < 3:
            assert not shown[key].shown
    worlds = _possible(total.value, cells, states)
    for index, key in enumerate(cells):
        if not shown[key].shown:
            assert len({world[index] for world in worlds}) > 1, (values, key)
