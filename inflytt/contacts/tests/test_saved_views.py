"""Saved list views (issue 14): a guide saves the current filters and sort under a name, optionally
shared with the party; the search words are never kept (they may be a person's name)."""

from __future__ import annotations

import pytest

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import SavedView
from inflytt.contacts.tests.factories import contact

pytestmark = pytest.mark.django_db
QUERY = "q=%C3%96sten&status=new&municipality=bracke&sort=name&page=3"


def test_a_guide_saves_the_filters_without_the_search_words(client_for, personas):
    response = client_for("guide_bracke").post("/contacts/views/", {"name": "Nya i Bräcke", "query": QUERY})
    view = SavedView.objects.get()
    assert response.status_code == 302
    assert (view.owner, view.party.slug, view.shared) == (personas["guide_bracke"], "bracke", False)
    assert view.query == "status=new&municipality=bracke&sort=name"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(view.pk)).exists()


def test_shared_views_reach_the_party_and_private_ones_only_the_owner(
    client_for, personas, django_assert_max_num_queries
):
    contact(municipalities=("bracke",))
    client_for("guide_bracke").post("/contacts/views/", {"name": "Delad", "query": "status=new", "shared": "on"})
    client_for("guide_bracke").post("/contacts/views/", {"name": "Privat", "query": "status=moved"})
    client_for("guide_are").post("/contacts/views/", {"name": "Åres", "query": "status=new", "shared": "on"})
    colleague = client_for("coordinator")  # the region: another party
    assert "Delad" not in colleague.get("/contacts/").content.decode()
    own = client_for("guide_bracke")
    own.get("/contacts/")  # the session's first request refreshes its expiry; measure after that
    with django_assert_max_num_queries(12):
        body = own.get("/contacts/").content.decode()
    assert "Delad" in body and "Privat" in body and "Åres" not in body


def test_only_the_owner_removes_a_view(client_for, personas):
    client_for("guide_bracke").post("/contacts/views/", {"name": "Delad", "query": "status=new", "shared": "on"})
    view = SavedView.objects.get()
    assert client_for("coordinator").post(f"/contacts/views/{view.pk}/delete/").status_code == 404
    assert client_for("guide_bracke").post(f"/contacts/views/{view.pk}/delete/").status_code == 302
    assert not SavedView.objects.exists()
