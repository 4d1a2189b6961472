"""Suggestions on the contact card: the person's municipalities of interest and occupation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inflytt.contacts import selectors as contact_selectors
from inflytt.contacts.tests.factories import contact
from inflytt.networks import selectors, services
from inflytt.networks.matching import occupation_terms
from inflytt.networks.models import Ambassador, CoworkingSpace, Offer
from inflytt.networks.tests.factories import ambassador, coworking, employer


def card(person):
    return contact_selectors.contact_card(pk=person.pk)


def test_occupation_terms_meet_across_inflections():
    assert occupation_terms("Sjuksköterska") == occupation_terms("sjuksköterskor") == ["sjuksk"]
    assert occupation_terms("Lärare inom och för skolan") == ["lärare", "skolan"]


@pytest.mark.django_db
def test_ambassadors_are_ranked_by_the_persons_choice_of_municipality_then_occupation(parties):
    ambassador(party="berg")  # another municipality: never suggested
    ambassador(party="are", status=Ambassador.Status.PAUSED)  # paused: never suggested
    second_choice = ambassador(party="bracke")
    nurse_in_are = ambassador(party="are", sector="Sjuksköterska på sjukhuset", offers=[Offer.WORK])
    other_in_are = ambassador(party="are")
    person = contact(municipalities=("are", "bracke"), occupation="Sjuksköterska", interests=("job",))
    suggested = selectors.suggest_ambassadors(contact=card(person))
    assert suggested == [nurse_in_are, other_in_are, second_choice]


@pytest.mark.django_db
def test_an_undecided_person_gets_ambassadors_of_all_municipalities(parties):
    one, two = ambassador(party="berg"), ambassador(party="are")
    assert set(selectors.suggest_ambassadors(contact=card(contact()))) == {one, two}


@pytest.mark.django_db
def test_needs_match_the_occupation_in_the_persons_municipalities(parties):
    employer(party="berg", needs=("Sjuksköterskor",))  # another municipality
    employer(party="are", needs=("Lärare",))  # another occupation
    hospital = employer(party="are", needs=("Sjuksköterskor till akuten",))
    person = contact(municipalities=("are",), occupation="Sjuksköterska")
    needs = selectors.suggest_needs(contact=card(person))
    assert [need.employer for need in needs] == [hospital]


@pytest.mark.django_db
def test_a_closed_need_is_not_suggested(parties):
    company = employer(party="are", needs=("Elektriker",))
    need = company.needs.get()
    need.is_open = False
    services.save_network_entry(instance=need, acting_user=None)
    person = contact(municipalities=("are",), occupation="Elektriker")
    assert selectors.suggest_needs(contact=card(person)) == []


@pytest.mark.django_db
def test_an_employer_moved_to_another_municipality_takes_its_needs_along(parties):
    company = employer(party="are", needs=("Elektriker",))
    company.party = parties["berg"]
    services.save_employer(employer=company, acting_user=None)
    assert selectors.suggest_needs(contact=card(contact(municipalities=("are",), occupation="Elektriker"))) == []
    assert selectors.suggest_needs(contact=card(contact(municipalities=("berg",), occupation="Elektriker")))


@pytest.mark.django_db
def test_coworking_is_suggested_to_remote_workers_in_their_municipalities(parties):
    coworking(party="berg")
    coworking(party="are", status=CoworkingSpace.Status.INACTIVE)
    space = coworking(party="are")
    remote = contact(municipalities=("are",), interests=("remote_work",))
    assert selectors.suggest_coworking(contact=card(remote)) == [space]
    assert selectors.suggest_coworking(contact=card(contact(municipalities=("are",), interests=("housing",)))) == []


@pytest.mark.django_db
def test_recruiters_with_needs_for_the_occupation_come_first(parties):
    employer(party="are", needs=("Elektriker",))  # not a recruiter
    plain = employer(party="are", is_recruiter=True, name="A Bemanning")
    matching = employer(party="are", is_recruiter=True, name="B Rekrytering", needs=("Elektriker",))
    employer(party="berg", is_recruiter=True)
    person = contact(municipalities=("are",), occupation="Elektriker")
    assert selectors.suggest_recruiters(contact=card(person)) == [matching, plain]


def _fill(count: int) -> None:
    for index in range(count):
        ambassador(party="are", sector="Sjuksköterska", offers=[Offer.WORK])
        coworking(party="are")
        employer(party="are", needs=("Sjuksköterska", "Läkare"), is_recruiter=index % 2 == 0)


@pytest.mark.django_db
def test_the_networks_page_makes_the_same_number_of_queries_whatever_the_size_of_the_networks(
    parties, client_for, django_assert_num_queries
):
    """Intended to prevent an n+1 issue: the suggestions are four queries, not one per row."""
    person = contact(municipalities=("are", "bracke"), occupation="Sjuksköterska", interests=("remote_work", "job"))
    client = client_for("guide_bracke")
    _fill(1)
    client.get(f"/networks/contacts/{person.pk}/")  # the session's first-request work out of the way
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/networks/contacts/{person.pk}/").status_code == 200
    _fill(12)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(f"/networks/contacts/{person.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/networks/contacts/') >= 5
    assert len(small.captured_queries) <= 16


@pytest.mark.django_db
def test_the_contact_card_links_to_the_networks_without_extra_queries(parties, client_for):
    person = contact(municipalities=("are",))
    body = client_for("guide_bracke").get(f"/contacts/{person.pk}/").content.decode()
    assert f'href="/networks/contacts/{person.pk}/"' in body
