from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import phonenumbers
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email

from inflytt.accounts.models import Role, User
from inflytt.contacts.fields import EDITABLE
from inflytt.contacts.models import Activity, Contact, Interest
from inflytt.contacts.selectors import DEFAULT_SORT, ContactFilters
from inflytt.lib.countries import country_choices
from inflytt.lib.text import validate_visible_text
from inflytt.parties.models import Party
from inflytt.parties.selectors import active_parties, municipalities

INVALID_EMAIL = _("Enter an email address like name@example.se.")
INVALID_PHONE = _("Enter a phone number, for example 070-123 45 67 or +47 912 34 567.")
PHONE_NEEDED = _("A phone number is needed when the preferred channel is phone.")
EMAIL_NEEDED = _("An email address is needed when the preferred channel is email.")
PERIOD_REVERSED = _("The end of the period is before its start.")
FOLLOW_UP_IN_PAST = _("A follow-up date cannot be in the past.")
MAX_HOUSEHOLD = 20


class PhoneField(forms.CharField):
    """A phone number as people type it, Swedish by default; cleaned to E.164 (+46701234567)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        raw = super().clean(value).strip()
        if not raw:
            return ""
        try:
            parsed = phonenumbers.parse(raw, "SE")
        except phonenumbers.NumberParseException:
            raise forms.ValidationError(INVALID_PHONE) from None
        if not phonenumbers.is_possible_number(parsed):
            raise forms.ValidationError(INVALID_PHONE)
        # What normalise_phone(raw) gives for a possible number, without parsing it a second time.
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class EmailAddressField(forms.EmailField):
    """An email address as the library email-validator reads it: the syntax rules of RFC 5321/5322 and of
    internationalised domains (which Django's own validator only approximates), a domain that could exist
    (with a dot, not `localhost` or `.local`), and the domain part normalised (lower case, Unicode NFC).
    No DNS lookup, so a form never waits on the network."""

    default_validators = []  # email-validator below replaces Django's regular expression

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        raw = super().clean(value).strip()
        if not raw:
            return ""
        try:
            return validate_email(raw, check_deliverability=False).normalized
        except EmailNotValidError:
            raise forms.ValidationError(INVALID_EMAIL, code="invalid") from None


class ContactFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    municipality = forms.MultipleChoiceField(label=_("Municipality of interest"), required=False)
    assigned = forms.MultipleChoiceField(label=_("Assigned party"), required=False)
    status = forms.MultipleChoiceField(label=_("Status"), choices=Contact.Status.choices, required=False)
    interest = forms.MultipleChoiceField(label=_("Interest"), choices=Interest.choices, required=False)
    source = forms.MultipleChoiceField(label=_("Source"), choices=Contact.Source.choices, required=False)
    registered_from = forms.DateField(
        label=_("Registered from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    registered_to = forms.DateField(
        label=_("Registered to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-registered", _("Newest first")),
            ("registered", _("Oldest first")),
            ("name", _("Name A-Ö")),
            ("-name", _("Name Ö-A")),
            ("due", _("First response due")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One query for both party filters: validating and rendering them reuse this list.
        self.parties = {party.slug: party for party in active_parties()}
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            (slug, party.name) for slug, party in self.parties.items() if not party.is_region
        ]
        self.fields["assigned"].choices = [(slug, party.name) for slug, party in self.parties.items()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and end < start:
            self.add_error("registered_to", PERIOD_REVERSED)
        return data

    def to_filters(self) -> ContactFilters:
        data = self.cleaned_data if self.is_valid() else {}
        used = tuple(name for name in self.fields if name != "sort" and data.get(name))
        return ContactFilters(
            query=(data.get("q") or "").strip(),
            municipalities=tuple(self.parties[slug].pk for slug in data.get("municipality") or ()),
            assigned_parties=tuple(self.parties[slug].pk for slug in data.get("assigned") or ()),
            statuses=tuple(data.get("status") or ()),
            interests=tuple(data.get("interest") or ()),
            sources=tuple(data.get("source") or ()),
            registered_from=data.get("registered_from"),
            registered_to=data.get("registered_to"),
            sort=data.get("sort") or DEFAULT_SORT,
            used=used,
        )


class ContactForm(forms.ModelForm):
    """Create or edit a card. `version` carries the card's version for conflict detection."""

    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities of interest"),
        queryset=Party.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: the person has not decided yet and the region handles the contact."),
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"), choices=Interest.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    email = EmailAddressField(label=Contact._meta.get_field("email").verbose_name)
    phone = PhoneField(label=Contact._meta.get_field("phone").verbose_name)

    class Meta:
        model = Contact
        fields = list(EDITABLE)  # what the service lets an edit change, and no more
        widgets = {
            "preferred_channel": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities()  # type: ignore[attr-defined]
        self.fields["assigned_guide"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=[Role.GUIDE, Role.COORDINATOR], is_active=True
        ).select_related("party")
        self.fields["current_country"] = forms.ChoiceField(
            label=Contact._meta.get_field("current_country").verbose_name,
            choices=[("", "—"), *country_choices()],
            required=False,
        )
        self.fields["adults"].widget.attrs.update(min=0, max=MAX_HOUSEHOLD)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):  # the same rule as the public form (lib/text.py)
                field.validators.append(validate_visible_text)
        self.fields["children"].widget.attrs.update(min=0, max=MAX_HOUSEHOLD)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["municipalities"].initial = [row.party for row in self.instance.municipality_rows.all()]
            self.fields["interests"].initial = [row.interest for row in self.instance.interest_rows.all()]

    def clean_municipalities(self) -> list[Party]:
        """In the order the person gave them: the first one handles the contact (rule 4)."""
        chosen = {party.slug: party for party in self.cleaned_data.get("municipalities") or ()}
        order = [slug for slug in self.data.getlist(self.add_prefix("municipalities")) if slug in chosen]  # type: ignore[attr-defined]
        return [chosen[slug] for slug in dict.fromkeys(order)]

    def clean_adults(self) -> int:
        return self._household("adults")

    def clean_children(self) -> int:
        return self._household("children")

    def _household(self, name: str) -> int:
        value = self.cleaned_data.get(name) or 0
        if value > MAX_HOUSEHOLD:
            raise forms.ValidationError(_("Enter at most %(max)s.") % {"max": MAX_HOUSEHOLD})
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("preferred_channel")
        if channel == "phone" and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", PHONE_NEEDED)
        if channel == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", EMAIL_NEEDED)
        return data

    def validate_unique(self) -> None:
        # The service checks uniqueness of the normalised email in its transaction.
        pass

    def contact_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What"),
        choices=[(kind.value, kind.label) for kind in Activity.LOGGABLE],
        initial=Activity.Kind.CALL,
    )
    occurred_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty for now."),
    )
    body = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    follow_up_on = forms.DateField(
        label=_("Follow up on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_occurred_at(self) -> Any:
        value = self.cleaned_data.get("occurred_at")
        if value and value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("An activity cannot be in the future."))
        return value

    def clean_follow_up_on(self) -> date | None:
        value = self.cleaned_data.get("follow_up_on")
        if value and value < timezone.localdate():
            raise forms.ValidationError(FOLLOW_UP_IN_PAST)
        return value
