"""The goal figure: "Projektets mål har också varit att 200 företag, via projektets aktiviteter,
skall ha hittat arbetskraft som de söker" (the 2025 agreement)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from inflytt.contacts.tests.factories import contact
from inflytt.networks import selectors, services
from inflytt.networks.models import Ambassador, Hire
from inflytt.networks.tests.factories import ambassador, coworking, employer
from inflytt.reports.periods import parse_period
from inflytt.reports.selectors import build_report

YEAR: dict[str, Any] = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}


def hire(person, company, on, *, through=True, kind=Hire.Kind.JOB, user=None):
    return services.record_hire(
        contact=person,
        kind=kind,
        hired_on=on,
        employer=company,
        occupation="Sjuksköterska",
        through_programme=through,
        acting_user=user,
    )


@pytest.mark.django_db
def test_an_employer_counts_once_when_it_hired_through_the_programme_in_the_period(personas):
    guide = personas["guide_bracke"]
    employer(party="are")  # unrelated rows first, so ids differ between tables
    hospital, school, shop, other = (
        employer(party="are"),
        employer(party="bracke"),
        employer(party="are"),
        employer(party="are"),
    )
    first, second, third, fourth = (contact() for _ in range(4))
    hire(first, hospital, date(2025, 3, 1), user=guide)
    hire(second, hospital, date(2025, 9, 1), user=guide)  # the same employer: still one company
    hire(third, school, date(2025, 12, 31), user=guide)  # the last day of the period counts
    hire(fourth, shop, date(2025, 5, 1), through=False, user=guide)  # not through the programme
    hire(fourth, other, date(2024, 12, 31), user=guide)  # before the period
    assert selectors.companies_found_staff(**YEAR) == 2
    assert selectors.companies_found_staff(**YEAR, party=hospital.party) == 1
    assert selectors.companies_found_staff(start=date(2024, 1, 1), end=date(2025, 12, 31)) == 3


@pytest.mark.django_db
def test_a_started_company_without_employer_is_not_an_employer_that_found_staff(personas):
    hire(contact(), None, date(2025, 4, 1), kind=Hire.Kind.COMPANY, user=personas["guide_bracke"])
    assert Hire.objects.count() == 1
    assert selectors.companies_found_staff(**YEAR) == 0


@pytest.mark.django_db
def test_the_figure_survives_the_erasure_of_the_person(personas):
    person = contact()
    hire(person, employer(), date(2025, 4, 1), user=personas["guide_bracke"])
    person.delete()
    assert Hire.objects.get().contact_id is None
    assert selectors.companies_found_staff(**YEAR) == 1


@pytest.mark.django_db
def test_a_hire_is_logged_on_the_card(personas):
    person = contact()
    company = employer(name="Östersunds sjukhus")
    hire(person, company, date(2025, 4, 1), user=personas["guide_bracke"])
    assert person.activities.filter(subject__contains="Östersunds sjukhus").exists()


@pytest.mark.django_db
def test_network_counts(parties):
    ambassador()
    ambassador(status=Ambassador.Status.LEFT, left_on=date(2025, 6, 30))
    coworking()
    employer(is_recruiter=True)
    employer()
    assert selectors.network_counts() == {"ambassadors": 1, "coworking_spaces": 1, "employers": 2, "recruiters": 1}


@pytest.mark.django_db
def test_the_quarterly_report_carries_the_figure_per_party(personas):
    guide = personas["guide_bracke"]
    employer(party="are")  # unrelated rows first, so ids differ between tables
    hospital, school = employer(party="are"), employer(party="bracke")
    hire(contact(), hospital, date(2025, 2, 1), user=guide)
    hire(contact(), hospital, date(2025, 3, 1), user=guide)
    hire(contact(), school, date(2025, 3, 31), user=guide)
    hire(contact(), school, date(2025, 4, 1), user=guide)  # Q2

    figure = build_report(period=parse_period("2025Q1")).figures["companies_found_staff"]
    assert figure.total == 2
    assert figure.by_party == {hospital.party_id: 1, school.party_id: 1}
