"""The card's timeline costs the same per row however many kinds there are (issue 16: the card
spent most of its ~20 ms in the template; Django's get_kind_display translated every kind's
label for each of the 50 rows)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from inflytt.contacts.models import Activity
from inflytt.contacts.tests.factories import contact

pytestmark = pytest.mark.django_db


class CountingGettext:
    def __init__(self, real) -> None:
        self.real, self.calls = real, 0

    def __call__(self, message: str) -> str:
        self.calls += 1
        return self.real(message)


def translations_for_card(client, person, monkeypatch) -> int:
    client.get(f"/contacts/{person.pk}/")  # templates compiled, caches warm
    counter = CountingGettext(translation._trans.gettext)  # type: ignore[attr-defined]
    with monkeypatch.context() as patch:
        patch.setattr(translation._trans, "gettext", counter)  # type: ignore[attr-defined]
        response = client.get(f"/contacts/{person.pk}/")
    assert response.status_code == 200
    return counter.calls


def add_activities(person, count: int) -> None:
    now = timezone.now()
    kinds = [kind for kind, _ in Activity.Kind.choices]
    Activity.objects.bulk_create(
        Activity(contact=person, kind=kinds[index % len(kinds)], occurred_at=now - timedelta(hours=index))
        for index in range(count)
    )


def test_the_timeline_translates_at_most_two_strings_per_row(client_for, monkeypatch):
    guide = client_for("guide_bracke")
    few, many = contact(email="few@example.se"), contact(email="many@example.se")
    add_activities(few, 5)
    add_activities(many, 45)
    extra = translations_for_card(guide, many, monkeypatch) - translations_for_card(guide, few, monkeypatch)
    assert extra <= 2 * 40, f"{extra} translations for 40 more rows"


def test_the_kind_labels_are_the_translated_choices(db):
    activity = Activity(kind=Activity.Kind.CALL)
    with translation.override("sv"):
        assert activity.get_kind_display() == str(Activity.Kind.CALL.label)
    with translation.override("en"):
        assert activity.get_kind_display() == "Phone call"
    assert Activity(kind="retired_kind").get_kind_display() == "retired_kind"


def test_the_timeline_shows_the_local_time_as_before(client_for, settings):
    """The same markup the two `date` filters gave: ISO 8601 in the attribute, Y-m-d H:i shown."""
    person = contact()
    occurred = timezone.now().replace(microsecond=123456)
    Activity.objects.create(contact=person, kind=Activity.Kind.CALL, occurred_at=occurred)
    local = timezone.localtime(occurred)
    assert local.utcoffset()  # Europe/Stockholm: the shown time is not UTC
    page = client_for("guide_bracke").get(f"/contacts/{person.pk}/").content.decode()
    assert f'<time datetime="{local.isoformat()}">{local:%Y-%m-%d %H:%M}</time>' in page
