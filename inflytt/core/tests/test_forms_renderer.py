"""The widgets written in Python (core/forms_renderer.py) are exactly what their templates write."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from inflytt.core.forms_renderer import WRITERS, Renderer

HOSTILE = "\"><script>alert(1)</script> & 'x'"
CHOICES = [
    ("", "---"),
    (HOSTILE, HOSTILE),
    (1, gettext_lazy("Phone")),
    ("safe", mark_safe("<b>bold</b>")),
    (3, datetime(2026, 3, 1, 23, 30, tzinfo=UTC)),  # written in local time, as {{ value }} writes it
    (gettext_lazy("Group"), [("a", "A & B"), ("b", 2)]),
]


class Everything(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(attrs={"autocomplete": "name", "data-x": HOSTILE, "spellcheck": False})
    )
    email = forms.EmailField(widget=forms.EmailInput(attrs={"required": True}))
    number = forms.IntegerField(required=False)
    decimal = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    clock = forms.TimeField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    agree = forms.BooleanField(required=False)
    one = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)


DATA = {
    "text": HOSTILE,
    "email": "not an email <b>",
    "number": "12<",
    "decimal": "1234.5",
    "day": "2026-11-29",
    "moment": "2026-11-29T08:07",
    "clock": "08:07",
    "url": "javascript:alert(1)",
    "password": HOSTILE,
    "hidden": HOSTILE,
    "search": "a&b",
    "phone": "+46 70",
    "body": f"line one\n{HOSTILE}\n",
    "agree": "on",
    "one": HOSTILE,
    "many": [HOSTILE, "1", "a"],
    "boxes": ["safe", "b"],
    "radio": "1",
}


def rendered(form: forms.Form) -> list[str]:
    """Every widget of the form, and every option of the multiple-input ones on its own (`choice.tag`)."""
    out = []
    for field in form:
        out.append(str(field))
        if isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            out.extend(str(choice.tag()) for choice in field)
    return out


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "data, initial",
    [
        (None, {}),
        (None, {"number": 1234567, "decimal": 1234.5, "body": "", "agree": True, "one": 1, "hidden": None}),
        (DATA, {}),
        ({}, {}),
    ],
)
def test_every_plain_widget_is_written_as_its_template_writes_it(language, data, initial):
    with translation.override(language):
        by_template = rendered(Everything(data, initial=initial, renderer=TemplatesSetting()))
        by_python = rendered(Everything(data, initial=initial, renderer=Renderer()))
    assert by_python == by_template
    assert not any("<script>" in html for html in by_python)


def test_the_widgets_it_writes_are_the_ones_the_forms_use_and_others_fall_back_to_templates():
    used = set()
    for field in Everything(DATA):
        used.add(field.field.widget.template_name)
        used.add(getattr(field.field.widget, "option_template_name", ""))
    # The lists of checkboxes and radios stay templates (their options are written here); the select
    # writes its options in place, never through select_option.html.
    assert used - set(WRITERS) == {
        "",
        "django/forms/widgets/checkbox_select.html",
        "django/forms/widgets/radio.html",
        "django/forms/widgets/select_option.html",
    }
    split = forms.SplitDateTimeWidget()
    assert str(split.render("when", None, renderer=Renderer())) == str(
        split.render("when", None, renderer=TemplatesSetting())
    )
