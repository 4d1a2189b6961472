"""The registration form: the one set of rules for the public form and the API."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inflytt.contacts.fields import CAMPAIGN, PERSON, REGISTERED, SELF_SERVICE
from inflytt.contacts.forms import EMAIL_NEEDED, MAX_HOUSEHOLD, PHONE_NEEDED, EmailAddressField, PhoneField
from inflytt.contacts.models import Channel, Contact, Interest, Language, NewsletterSubscription
from inflytt.intake.services import OwnDetails, PostalAddress, RegistrationData
from inflytt.lib.countries import country_choices
from inflytt.lib.text import validate_visible_text
from inflytt.parties.models import Party
from inflytt.parties.selectors import municipalities

NOTHING_CHOSEN = _("Choose at least one: relocation guidance, the magazine or the newsletter.")
EMAIL_FOR_NEWSLETTER = _("An email address is needed for the newsletter.")
ADDRESS_FOR_MAGAZINE = _("Enter this to get the magazine by post.")
SWEDISH_POSTAL_CODE = _("Enter a Swedish postal code of 5 digits, for example 831 30.")
CONSENT_NEEDED = _("Confirm that you have read how we handle your data.")
UNKNOWN_COUNTRY = _("Choose a country from the list.")
TOO_LARGE = _("Enter a number from 0 to %(max)s.")
NAME_PATTERN = re.compile(r"[\w]", re.UNICODE)
POSTAL_CODE_SE = re.compile(r"^\d{3} ?\d{2}$")
# Registration sources a form or an API client may state; "manual" and "import" belong to staff.
PUBLIC_SOURCES = [
    (value, label)
    for value, label in Contact.Source.choices
    if value in {Contact.Source.PORTAL, Contact.Source.PARTY_SITE, Contact.Source.EVENT, Contact.Source.API}
]
# API field name -> form field name where they differ (the nested postal address).
API_NAMES = {
    "postal_street": "postal_address.street",
    "postal_code": "postal_address.postal_code",
    "postal_city": "postal_address.city",
    "postal_country": "postal_address.country",
}


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 codes (the same in every language)."""
    return frozenset(code for code, _name in country_choices())


def country_options() -> list[tuple[str, str]]:
    return [("", "—"), *country_choices()]


def _text(label: Any, max_length: int, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


class RegistrationForm(forms.Form):
    first_name = _text(
        _("First name"), 100, required=True, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = _text(_("Last name"), 100, required=True, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = EmailAddressField(label=_("Email address"))
    phone = PhoneField(label=_("Phone number"), help_text=_("For example 070-123 45 67 or +47 912 34 567."))
    preferred_channel = forms.ChoiceField(
        label=_("How would you like us to contact you?"),
        choices=Channel.choices,
        initial=Channel.EMAIL,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, required=False)
    current_city = _text(
        _("Where do you live now? City or town"), 100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    current_country = forms.CharField(label=_("Country"), required=False, max_length=2, widget=forms.Select)
    adults = forms.IntegerField(label=_("Adults in the household"), required=False, initial=1, min_value=0)
    children = forms.IntegerField(label=_("Children in the household"), required=False, initial=0, min_value=0)
    occupation = _text(_("Occupation or competence"), 200)
    interests = forms.MultipleChoiceField(
        label=_("What are you interested in?"),
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Which municipalities are you interested in?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any number. Choose none if you have not decided yet: then the region contacts you."),
    )
    message = _text(_("Your questions"), 4000, widget=forms.Textarea(attrs={"rows": 5}))
    wants_guidance = forms.BooleanField(label=_("Relocation guidance: a guide contacts me"), required=False)
    wants_magazine = forms.BooleanField(label=_("The magazine, by post"), required=False)
    wants_newsletter = forms.BooleanField(label=_("The newsletter, by email"), required=False)
    postal_street = _text(_("Street address"), 200, widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    postal_code = _text(_("Postal code"), 20, widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    postal_city = _text(_("Post town"), 100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    postal_country = forms.CharField(
        label=_("Country"), required=False, max_length=2, initial="SE", widget=forms.Select
    )
    consent = forms.BooleanField(
        label=_("I have read how my personal data is handled"),
        error_messages={"required": CONSENT_NEEDED},
    )
    source = forms.ChoiceField(choices=PUBLIC_SOURCES, required=False)
    utm_source = _text("utm_source", 100, widget=forms.HiddenInput)
    utm_medium = _text("utm_medium", 100, widget=forms.HiddenInput)
    utm_campaign = _text("utm_campaign", 100, widget=forms.HiddenInput)
    # Not shown to people (display: none); a bot that fills every field fills this one too.
    website = _text(
        _("Leave this field empty"), 200, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )

    def __init__(self, *args: Any, language: str = "sv", choices: Sequence[Party] | None = None, **kwargs: Any) -> None:
        """`choices`: the municipalities to offer when the caller has read them (no query then)."""
        super().__init__(*args, **kwargs)
        self.page_language = language
        self.parties = {party.slug: party for party in (municipalities() if choices is None else choices)}
        self.fields["municipalities"].choices = [(slug, party.name) for slug, party in self.parties.items()]  # type: ignore[attr-defined]

    def _ordered(self, name: str) -> list[str]:
        getlist = getattr(self.data, "getlist", None)
        raw = getlist(self.add_prefix(name)) if getlist else self.data.get(self.add_prefix(name)) or []
        return [str(value) for value in (raw if isinstance(raw, list | tuple) else [raw])]

    def clean_municipalities(self) -> list[Party]:
        """In the order the person gave them: the first one handles the contact (rule 4)."""
        chosen = set(self.cleaned_data.get("municipalities") or ())
        return [self.parties[slug] for slug in dict.fromkeys(self._ordered("municipalities")) if slug in chosen]

    def clean_first_name(self) -> str:
        return self._name("first_name")

    def clean_last_name(self) -> str:
        return self._name("last_name")

    def _name(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        if value and not NAME_PATTERN.search(value):
            raise forms.ValidationError(_("Enter a name with letters."))
        return value

    def clean_adults(self) -> int:
        return self._household("adults", default=1)

    def clean_children(self) -> int:
        return self._household("children", default=0)

    def _household(self, name: str, *, default: int) -> int:
        value = self.cleaned_data.get(name)
        if value is None:
            return default
        if value > MAX_HOUSEHOLD:
            raise forms.ValidationError(TOO_LARGE % {"max": MAX_HOUSEHOLD})
        return value

    def clean_current_country(self) -> str:
        return self._country("current_country")

    def clean_postal_country(self) -> str:
        return self._country("postal_country")

    def _country(self, name: str) -> str:
        value = self.cleaned_data.get(name, "").strip().upper()
        if value and value not in country_codes():
            raise forms.ValidationError(UNKNOWN_COUNTRY)
        return value

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.page_language

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wants = [data.get(name) for name in ("wants_guidance", "wants_magazine", "wants_newsletter")]
        if not any(wants):
            self.add_error("wants_guidance", NOTHING_CHOSEN)
        channel = data.get("preferred_channel")
        if channel == Channel.PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", PHONE_NEEDED)
        if not data.get("email") and "email" not in self.errors:
            if channel == Channel.EMAIL:
                self.add_error("email", EMAIL_NEEDED)
            elif data.get("wants_newsletter"):
                self.add_error("email", EMAIL_FOR_NEWSLETTER)
        if data.get("wants_magazine"):
            self._clean_postal_address(data)
        return data

    def _clean_postal_address(self, data: dict[str, Any]) -> None:
        for name in ("postal_street", "postal_code", "postal_city"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, ADDRESS_FOR_MAGAZINE)
        data["postal_country"] = data.get("postal_country") or "SE"
        code = (data.get("postal_code") or "").strip()
        if code and data["postal_country"] == "SE":
            if not POSTAL_CODE_SE.match(code):
                self.add_error("postal_code", SWEDISH_POSTAL_CODE)
            else:
                data["postal_code"] = f"{code.replace(' ', '')[:3]} {code.replace(' ', '')[3:]}"

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        address = None
        if data["wants_magazine"]:
            address = {
                "street": data["postal_street"],
                "postal_code": data["postal_code"],
                "city": data["postal_city"],
                "country": data["postal_country"],
            }
        return RegistrationData(
            **{name: data[name] for name in REGISTERED},  # type: ignore[typeddict-item]
            municipalities=data["municipalities"],
            interests=data["interests"],
            wants_guidance=data["wants_guidance"],
            wants_magazine=data["wants_magazine"],
            postal_address=address,
            wants_newsletter=data["wants_newsletter"],
        )

    def api_errors(self) -> list[dict[str, str]]:
        """The errors by API field name (`postal_address.street`), for a 422 answer."""
        return [
            {"field": API_NAMES.get(name, name), "message": str(message)}
            for name, messages in self.errors.items()
            for message in messages
        ]


class _SharedFields(dict[str, forms.Field]):
    """RegistrationForm's fields, shared by its forms except those a form changes (PER_FORM).

    BaseForm deep-copies base_fields for every form: 27 fields with their widgets, validators and
    error messages, on every public registration and API call (issue 16, bench/registration.py).
    Nothing changes them after _set_up_fields (once, at import) but the municipalities' choices,
    which come from the database per request, so only that field is copied per form. Subclasses get
    a plain dict from Django's metaclass and copy every field, as usual (SelfServiceForm relabels two)."""

    PER_FORM = frozenset({"municipalities"})

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return {name: copy.deepcopy(field, memo) if name in self.PER_FORM else field for name, field in self.items()}


def _set_up_fields(fields: dict[str, forms.Field]) -> None:
    """What every RegistrationForm has beyond its declarations, set once on the declared fields."""
    # The ~250 countries go to the widgets as a callable, which Django does not walk until the
    # form is rendered (a list is normalised on every form: measurable in bench/registration.py);
    # _country() checks a posted code against a cached set instead.
    for name in ("current_country", "postal_country"):
        fields[name].widget.choices = country_options
        fields[name].widget.attrs.pop("maxlength", None)  # not an attribute of <select>
    for name in ("adults", "children"):
        fields[name].widget.attrs.update(min=0, max=MAX_HOUSEHOLD)
    for field in fields.values():
        if isinstance(field, forms.CharField):  # names, email, phone, free text, the address
            field.validators.append(validate_visible_text)


_set_up_fields(RegistrationForm.base_fields)
RegistrationForm.base_fields = _SharedFields(RegistrationForm.base_fields)


class SelfServiceForm(RegistrationForm):
    """The person's own page: the registration form's fields and rules, less what is not theirs
    to change there (the email is the key of the link; questions go to their guide)."""

    DROPPED = (
        *(name for name in PERSON if name not in SELF_SERVICE),
        "wants_guidance",
        "consent",
        "source",
        *CAMPAIGN,
        "website",
    )

    def __init__(self, *args: Any, language: str = "sv", **kwargs: Any) -> None:
        super().__init__(*args, language=language, **kwargs)
        for name in self.DROPPED:
            del self.fields[name]
        self.fields["wants_magazine"].label = _("Send me the magazine by post")
        self.fields["wants_newsletter"].label = _("Send me the newsletter by email")

    @classmethod
    def initial_for(cls, contact: Contact) -> dict[str, Any]:
        subscription = NewsletterSubscription.objects.filter(contact=contact).first()
        order = contact.magazine_orders.filter(sent_at__isnull=True).order_by("-ordered_at", "-id").first()
        latest = order or contact.magazine_orders.order_by("-ordered_at", "-id").first()
        initial: dict[str, Any] = {name: getattr(contact, name) for name in SELF_SERVICE}
        initial.update(
            municipalities=[row.party.slug for row in contact.municipality_rows.select_related("party")],
            interests=list(contact.interest_rows.values_list("interest", flat=True)),
            wants_newsletter=subscription is not None and subscription.is_active,
            wants_magazine=order is not None,
        )
        if latest is not None:
            initial.update(
                postal_street=latest.street,
                postal_code=latest.postal_code,
                postal_city=latest.city,
                postal_country=latest.country,
            )
        return initial

    def clean(self) -> dict[str, Any]:
        data = forms.Form.clean(self) or {}
        if data.get("preferred_channel") == Channel.PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", PHONE_NEEDED)
        if data.get("wants_magazine"):
            self._clean_postal_address(data)
        return data

    def own_details(self) -> OwnDetails:
        data = self.cleaned_data
        address: PostalAddress | None = None
        if data["wants_magazine"]:
            address = {
                "street": data["postal_street"],
                "postal_code": data["postal_code"],
                "city": data["postal_city"],
                "country": data["postal_country"],
            }
        return OwnDetails(
            fields={name: data[name] for name in SELF_SERVICE},
            municipalities=data["municipalities"],
            interests=data["interests"],
            wants_newsletter=data["wants_newsletter"],
            postal_address=address,
        )
