from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inflytt.contacts.models import Consent, Contact
from inflytt.parties.models import Party
from inflytt.parties.selectors import municipalities
from inflytt.privacy.services import STILL_INTERESTED

MOVED_NEEDS = _("Required when the contacts moved.")
MOVED_IN_FUTURE = _("The move date cannot be in the future.")
CHOOSE_CONTACTS = _("Choose at least one contact.")


class PersonLookupForm(forms.Form):
    email = forms.EmailField(
        label=_("The person's email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )


class WithdrawForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices, widget=forms.RadioSelect)


class ReviewForm(forms.Form):
    """Bulk status for the contacts ticked on one page of the yearly review."""

    ACTIONS = [
        (STILL_INTERESTED, _("Still interested (status unchanged)")),
        (Contact.Status.NOT_MOVING, _("Not moving")),
        (Contact.Status.MOVED, _("Moved")),
    ]

    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts"), queryset=Contact.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(label=_("New status"), choices=ACTIONS, widget=forms.RadioSelect)
    moved_on = forms.DateField(label=_("Moved on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moved_to = forms.ModelChoiceField(
        label=_("Moved to"), queryset=Party.objects.none(), required=False, to_field_name="slug"
    )

    def __init__(self, *args: Any, due: QuerySet[Contact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = due  # type: ignore[attr-defined]
        self.fields["contacts"].error_messages["required"] = CHOOSE_CONTACTS
        self.fields["moved_to"].queryset = municipalities()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == Contact.Status.MOVED:
            for name in ("moved_on", "moved_to"):
                if not data.get(name):
                    self.add_error(name, MOVED_NEEDS)
            if data.get("moved_on") and data["moved_on"] > timezone.localdate():
                self.add_error("moved_on", MOVED_IN_FUTURE)
        return data
