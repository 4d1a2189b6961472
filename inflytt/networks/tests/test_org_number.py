"""Organisation numbers: 10 digits with the Luhn check digit, with or without the hyphen."""

from __future__ import annotations

import pytest

from inflytt.lib.orgnumber import format_org_number, normalise_org_number
from inflytt.networks.forms import EmployerForm

# Real organisation numbers (Bolagsverket): AB Volvo, Telefonaktiebolaget LM Ericsson, Spotify AB,
# Region Jämtland Härjedalen.
REAL = ["556012-5790", "556016-0680", "556703-7485", "232100-0214"]


@pytest.mark.parametrize("number", REAL)
def test_real_numbers_are_valid_with_and_without_the_hyphen(number):
    digits = number.replace("-", "")
    assert normalise_org_number(number) == digits
    assert normalise_org_number(digits) == digits
    assert format_org_number(digits) == number


@pytest.mark.parametrize(
    "number",
    [
        "556012-5791",  # AB Volvo with the wrong check digit
        "556016-0681",  # Ericsson with the wrong check digit
        "556012-579",  # nine digits
        "55601257900",  # eleven digits
        "556012 5790",  # a space is not the hyphen
        "5560-125790",  # the hyphen in the wrong place
        "55601A-5790",
        "",
    ],
)
def test_invalid_numbers_are_refused(number):
    assert normalise_org_number(number) is None


@pytest.mark.django_db
def test_the_employer_form_stores_the_digits_and_refuses_a_wrong_check_digit(parties):
    data = {"name": "AB Volvo", "party": parties["are"].pk, "org_number": "556012-5790"}
    form = EmployerForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["org_number"] == "5560125790"
    bad = EmployerForm({**data, "org_number": "5560125791"})
    assert not bad.is_valid()
    assert "org_number" in bad.errors
