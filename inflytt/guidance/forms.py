from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import Role, User
from inflytt.contacts.forms import FOLLOW_UP_IN_PAST, MAX_HOUSEHOLD
from inflytt.contacts.models import Contact
from inflytt.contacts.selectors import contacts_with_email
from inflytt.guidance.models import MessageTemplate
from inflytt.lib.text import normalise_email
from inflytt.parties.models import Party
from inflytt.parties.selectors import active_parties, municipalities


class TransferForm(forms.Form):
    to_party = forms.ModelChoiceField(label=_("Transfer to"), queryset=Party.objects.none(), to_field_name="slug")
    note = forms.CharField(
        label=_("Note to the receiving party"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: what the receiving guide needs to know."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_party"].queryset = active_parties()  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    guide = forms.ModelChoiceField(
        label=_("Guide"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guide"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            party_id=contact.assigned_party_id, role__in=[Role.GUIDE, Role.COORDINATOR], is_active=True
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Contact.Status.choices)
    moved_on = forms.DateField(label=_("Moved on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moved_to = forms.ModelChoiceField(
        label=_("Moved to"), queryset=Party.objects.none(), required=False, to_field_name="slug"
    )
    moved_household_size = forms.IntegerField(
        label=_("Household size that moved"), required=False, min_value=1, max_value=MAX_HOUSEHOLD
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["moved_to"].queryset = municipalities()  # type: ignore[attr-defined]


class EmailForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 12}))
    follow_up_on = forms.DateField(
        label=_("Follow up on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_follow_up_on(self) -> Any:
        value = self.cleaned_data.get("follow_up_on")
        if value and value < timezone.localdate():
            raise forms.ValidationError(FOLLOW_UP_IN_PAST)
        return value


class TemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Start from a template"), queryset=MessageTemplate.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args: Any, contact_language: str, ui_language: str, **kwargs: Any) -> None:
        """Templates in the contact's language, and in the language of the interface: an English
        template is not offered in the Swedish UI unless the person reads English."""
        super().__init__(*args, **kwargs)
        languages = {contact_language, ui_language}
        field = self.fields["template"]
        field.queryset = field.queryset.filter(language__in=languages)  # type: ignore[attr-defined]


class InboundAssignForm(forms.Form):
    """The card a mail from the review list belongs to: its number (in the card's address) or the
    person's email address."""

    card = forms.CharField(
        label=_("Card number or email address"),
        max_length=254,
        help_text=_("The number in the card's web address, or the email address on the card."),
    )

    def clean_card(self) -> Contact:
        value = self.cleaned_data["card"].strip()
        found = (
            Contact.objects.filter(pk=int(value)).first()
            if value.isdigit()
            else contacts_with_email(normalise_email(value)).first()
        )
        if found is None:
            raise forms.ValidationError(_("No card has this number or email address."))
        return found
