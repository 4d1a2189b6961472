"""The Django admin (reference data, coordinators only) reads right in Swedish (issue 14: "model
names fixed ('contact municipalities', not 'Contact municipalitys')", "The Django admin remains
for reference data, with translated headings")."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils.translation.trans_real import translation as catalogue

OUR_APPS = "inflytt."


def _our_models():
    return [model for model in apps.get_models() if model.__module__.startswith(OUR_APPS)]


@pytest.mark.parametrize("model", _our_models(), ids=lambda model: model._meta.label)
def test_every_model_names_itself_and_its_plural_in_swedish(model):
    """An explicit verbose_name and verbose_name_plural (Django's own plural adds an "s": "Contact
    municipalitys"), each a msgid the Swedish catalogue translates."""
    options = model._meta.original_attrs
    assert "verbose_name" in options and "verbose_name_plural" in options, model._meta.label
    swedish = catalogue("sv")
    for name in (options["verbose_name"], options["verbose_name_plural"]):
        msgid = str(name._args[0]) if hasattr(name, "_args") else str(name)
        assert msgid in swedish._catalog, f"{model._meta.label}: {msgid!r} has no Swedish translation"  # type: ignore[attr-defined]
    assert not str(options["verbose_name_plural"]).endswith("ys")


def test_the_admin_shows_its_headings_and_models_in_swedish(client_for):
    page = client_for("coordinator").get("/admin/", headers={"accept-language": "sv"}).content.decode()
    assert "Administration av Inflytt" in page  # site header and title
    assert "Grunddata och användare" in page  # index title
    assert "Avtalsparter" in page and "Budgetposter" in page
    assert "Inflytt administration" not in page and "ys</a>" not in page
