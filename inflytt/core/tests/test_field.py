"""The `{% field %}` tag (core/templatetags/ui.py) writes what includes/_field.html wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation
from django.utils.safestring import mark_safe

from inflytt.core.templatetags.ui import field
from inflytt.core.tests.test_forms_renderer import CHOICES, DATA, HOSTILE, Everything

# The include the field was before it was written in Python: the field must stay what it wrote.
REFERENCE = Path(__file__).parent / "reference" / "field.html"
MANY = [(str(number), f"Choice {number} <{number}>") for number in range(14)]


class Described(Everything):
    """Everything's fields with help texts, and groups of choices of every size the markup tells apart."""

    helped = forms.CharField(help_text=HOSTILE, label=HOSTILE)
    safe_help = forms.CharField(help_text=mark_safe("See <a href='/x'>this</a>"), required=False)
    seven = forms.MultipleChoiceField(choices=MANY[:7], widget=forms.CheckboxSelectMultiple, help_text="Pick")
    fourteen = forms.MultipleChoiceField(choices=MANY, widget=forms.CheckboxSelectMultiple, label=HOSTILE)
    few = forms.ChoiceField(choices=CHOICES[:3], widget=forms.RadioSelect, required=False)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("data", [None, DATA, {}])
def test_every_field_is_what_the_include_wrote(language, data):
    reference = Template(REFERENCE.read_text())
    with translation.override(language):
        form = Described(data)
        compared = 0
        for bound in form:
            written = field(bound)
            assert parse_html(written) == parse_html(reference.render(Context({"field": bound}))), bound.name
            assert "<script>" not in written
            compared += 1
    assert compared == len(Described.base_fields)


def test_a_field_with_errors_ties_them_to_itself():
    with translation.override("sv"):
        written = field(Described({"email": "nope"})["email"])
    assert '<div class="field field-error">' in written
    assert '<p class="error-message" id="id_email_error">' in written
    assert 'aria-invalid="true" aria-describedby="id_email_error"' in written
    assert '<span class="required">(obligatoriskt)</span>' in written
