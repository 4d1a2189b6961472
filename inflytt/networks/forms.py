"""Forms of the networks: the network manager's, the guides' on the card, and the public sign-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inflytt.contacts.forms import EmailAddressField, PhoneField
from inflytt.lib.orgnumber import format_org_number, normalise_org_number
from inflytt.networks.models import (
    Ambassador,
    AmbassadorActivity,
    CoworkingSpace,
    Employer,
    EmployerActivity,
    EmployerContactPerson,
    Hire,
    Offer,
    RecruitmentNeed,
)
from inflytt.networks.selectors import search_employers
from inflytt.networks.services import SHAREABLE
from inflytt.parties.selectors import municipalities

INVALID_ORG_NUMBER = _("Enter a Swedish organisation number of 10 digits, for example 556012-5790.")
EMPLOYER_OR_COMPANY = _("Choose the employer, or record that the person started a company.")
NO_EMPLOYER_MATCHES = _("No employer in the network matches. Check the spelling or the organisation number.")
SEVERAL_EMPLOYERS = _("Several employers match: choose one, or type more of the name.")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgNumberField(forms.CharField):
    """Ten digits with the Luhn check digit, with or without the hyphen; cleaned to the digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("help_text", _("10 digits, with or without the hyphen."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_org_number(value) if isinstance(value, str) and value.isdigit() else value

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        digits = normalise_org_number(text)
        if digits is None:
            raise forms.ValidationError(INVALID_ORG_NUMBER, code="invalid")
        return digits


class MunicipalityForm(forms.ModelForm):
    """A network entry belongs to one of the collaboration's municipalities."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = municipalities()  # type: ignore[attr-defined]


class AmbassadorForm(MunicipalityForm):
    offers = forms.MultipleChoiceField(
        label=_("Can offer"), choices=Offer.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    phone = PhoneField(label=_("Phone"))

    class Meta:
        model = Ambassador
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "party",
            "place",
            "languages",
            "offers",
            "sector",
            "interests",
            "availability",
            "share_email",
            "share_phone",
            "status",
            "joined_on",
            "left_on",
        ]
        widgets = {"joined_on": DATE_INPUT, "left_on": DATE_INPUT}


class AmbassadorSignUpForm(forms.Form):
    """The public sign-up: what an ambassador tells about themselves (sv/en)."""

    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = EmailAddressField(label=_("Email address"), required=True)
    phone = PhoneField(label=_("Phone number"))
    party = forms.ModelChoiceField(label=_("Municipality"), queryset=municipalities(), empty_label="—")
    place = forms.CharField(label=_("Place"), max_length=100, required=False, help_text=_("Village or part of town."))
    languages = forms.CharField(label=_("Languages you speak"), max_length=200, required=False)
    offers = forms.MultipleChoiceField(
        label=_("What can you offer a newcomer?"),
        choices=Offer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.CharField(label=_("Your work or sector"), max_length=200, required=False)
    interests = forms.CharField(label=_("Your interests"), max_length=500, required=False)
    availability = forms.CharField(label=_("When are you available?"), max_length=200, required=False)
    share_phone = forms.BooleanField(label=_("Newcomers may also get my phone number"), required=False)
    consent = forms.BooleanField(
        label=_("I have read how my personal data is handled"),
        error_messages={"required": _("Confirm that you have read how we handle your data.")},
    )
    # Not shown to people; a bot that fills every field fills this one too.
    website = forms.CharField(
        label=_("Leave this field empty"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class AmbassadorActivityForm(forms.ModelForm):
    class Meta:
        model = AmbassadorActivity
        fields = ["kind", "occurred_at", "body"]
        widgets = {"occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Introductions are logged by the introduction itself.
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            choice for choice in AmbassadorActivity.Kind.choices if choice[0] != AmbassadorActivity.Kind.INTRODUCTION
        ]


class CoworkingForm(MunicipalityForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_phone = PhoneField(label=_("Contact phone"))

    class Meta:
        model = CoworkingSpace
        fields = [
            "name",
            "party",
            "place",
            "address",
            "website",
            "desks",
            "opening_hours",
            "prices",
            "status",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]


class EmployerForm(MunicipalityForm):
    org_number = OrgNumberField(label=_("Organisation number"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Employer
        fields = [
            "org_number",
            "name",
            "party",
            "sni_code",
            "size",
            "is_recruiter",
            "attractive_employer_on",
            "website",
            "notes",
        ]
        widgets = {"attractive_employer_on": DATE_INPUT}


class NeedForm(forms.ModelForm):
    class Meta:
        model = RecruitmentNeed
        fields = ["occupation", "open_positions", "how_to_apply", "is_open"]


class ContactPersonForm(forms.ModelForm):
    phone = PhoneField(label=_("Phone"))

    class Meta:
        model = EmployerContactPerson
        fields = ["name", "title", "email", "phone", "consent_given_on"]
        widgets = {"consent_given_on": DATE_INPUT}


class HireForm(forms.ModelForm):
    """The employer is found by a search step, not picked from a list of thousands: the guide
    types a name or an organisation number; one match is taken, several are offered as a short
    choice on the same page (no JavaScript needed)."""

    employer_query = forms.CharField(
        label=_("Employer"),
        help_text=_("Name or organisation number. Leave empty for a new company of the person's own."),
        max_length=100,
        required=False,
    )
    employer = forms.ModelChoiceField(
        label=_("Which employer?"),
        queryset=Employer.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Hire
        fields = ["kind", "hired_on", "occupation", "through_programme"]
        widgets = {"hired_on": DATE_INPUT}

    field_order = ["kind", "employer_query", "employer", "hired_on", "occupation", "through_programme"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.employer if self.instance.pk and self.instance.employer_id else None
        if current is not None and not self.is_bound:
            self.initial["employer_query"] = current.name
        query = self.data.get(self.add_prefix("employer_query"), "") if self.is_bound else ""
        if current is not None and (not query or str(query).strip().casefold() == current.name.casefold()):
            # Editing: the employer the hire has stays chosen while its name is left as it was.
            self.matches = [current] if not self.is_bound or query else []
        else:
            self.matches = search_employers(str(query)) if query else []
        if len(self.matches) > 1:
            self.fields["employer"].queryset = Employer.objects.filter(pk__in=[row.pk for row in self.matches])  # type: ignore[attr-defined]
            self.fields["employer"].choices = [  # type: ignore[attr-defined]
                (row.pk, f"{row.name} ({row.org_number_display}, {row.party.name})") for row in self.matches
            ]
        else:
            del self.fields["employer"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        query = data.get("employer_query", "")
        chosen = data.get("employer")
        if query and chosen is None:
            if not self.matches:
                self.add_error("employer_query", NO_EMPLOYER_MATCHES)
            elif len(self.matches) == 1:
                chosen = self.matches[0]
            else:
                self.add_error("employer", SEVERAL_EMPLOYERS)
        data["employer"] = chosen if query else None
        if data.get("kind") == Hire.Kind.JOB and not query:
            self.add_error("employer_query", EMPLOYER_OR_COMPANY)
        return data

    def save(self, commit: bool = True) -> Hire:
        self.instance.employer = self.cleaned_data.get("employer")
        return super().save(commit=commit)


class EmployerActivityForm(forms.ModelForm):
    class Meta:
        model = EmployerActivity
        fields = ["kind", "occurred_at", "body"]
        widgets = {"occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}


class IntroductionForm(forms.Form):
    shared = forms.MultipleChoiceField(
        label=_("The person agreed to share"),
        choices=list(SHAREABLE.items()),
        initial=["name", "email"],
        widget=forms.CheckboxSelectMultiple,
    )
    consent_given = forms.BooleanField(
        label=_("I asked the person and they agreed to the text above"),
        error_messages={"required": _("Ask the person first: an introduction needs their consent.")},
    )


class AmbassadorRSVPForm(forms.Form):
    """An ambassador's answer: they come as a host, without guests."""

    coming = forms.TypedChoiceField(
        label=_("Are you coming?"),
        choices=[("yes", _("Yes, I am coming")), ("no", _("No, I cannot come"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class AmbassadorInviteForm(forms.Form):
    """Invite ambassadors to an event by segment: evaluated when sent."""

    parties = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        help_text=_("None chosen: active ambassadors of every municipality."),
        queryset=municipalities(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offers = forms.MultipleChoiceField(
        label=_("Who can offer"),
        help_text=_("None chosen: whatever they offer."),
        choices=Offer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message in the invitation"), max_length=4000, required=False, widget=forms.Textarea
    )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(label=_("Took part"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, invitations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(row.pk), row.ambassador.full_name) for row in invitations]  # type: ignore[attr-defined]
        self.initial.setdefault("attended", [str(row.pk) for row in invitations if row.attended])
