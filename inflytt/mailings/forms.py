from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inflytt.contacts.forms import PERIOD_REVERSED
from inflytt.lib.countries import country_choices
from inflytt.mailings.models import Event, Mailing, Segment
from inflytt.mailings.rendering import check_merge_fields
from inflytt.mailings.selectors import CONDITIONS, choices_for_segments
from inflytt.parties.models import Party

MULTI = forms.CheckboxSelectMultiple
LIST_MAX = 100
CAMPAIGNS_HELP = _("utm_campaign values, one a line.")
MAX_GUESTS = 10


class SegmentForm(forms.ModelForm):
    """The conditions of a segment: AND across the fields, OR within one field."""

    municipalities = forms.MultipleChoiceField(label=_("Municipality of interest"), required=False, widget=MULTI)
    assigned_parties = forms.MultipleChoiceField(label=_("Assigned party"), required=False, widget=MULTI)
    statuses = forms.MultipleChoiceField(label=_("Status"), required=False, widget=MULTI)
    interests = forms.MultipleChoiceField(label=_("Interests"), required=False, widget=MULTI)
    languages = forms.MultipleChoiceField(label=_("Language"), required=False, widget=MULTI)
    registered_from = forms.DateField(
        label=_("Registered from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    registered_to = forms.DateField(
        label=_("Registered to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    moved = forms.MultipleChoiceField(label=_("Has moved here"), required=False, widget=MULTI)
    has_children = forms.MultipleChoiceField(label=_("Has children"), required=False, widget=MULTI)
    countries = forms.MultipleChoiceField(label=_("Lives now in"), required=False, widget=MULTI)
    sources = forms.MultipleChoiceField(label=_("Source"), required=False, widget=MULTI)
    campaigns = forms.CharField(
        label=_("Campaign"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=CAMPAIGNS_HELP,
    )  # fmt: skip
    newsletter = forms.MultipleChoiceField(label=_("Newsletter"), required=False, widget=MULTI)
    attended_events = forms.MultipleChoiceField(label=_("Attended the event"), required=False, widget=MULTI)

    class Meta:
        model = Segment
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    # Saved along with Meta.fields (services.save_edited): save() builds it from the fields above.
    extra_saved_fields = ("conditions",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in choices_for_segments().items():
            self.fields[name].choices = [(str(value), label) for value, label in choices]  # type: ignore[attr-defined]
        self.fields["countries"].choices = country_choices()  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            conditions = self.instance.conditions
            for name in CONDITIONS:
                value = conditions.get(name)
                if name == "campaigns":
                    value = "\n".join(value or [])
                elif isinstance(value, list):
                    value = [str(item) for item in value]
                self.initial[name] = value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and end < start:
            self.add_error("registered_to", PERIOD_REVERSED)
        return data

    def conditions(self) -> dict[str, Any]:
        data = self.cleaned_data
        conditions: dict[str, Any] = {}
        for name in CONDITIONS:
            value = data.get(name)
            if name in ("municipalities", "assigned_parties", "attended_events"):
                value = [int(item) for item in value or []]
            elif name in ("registered_from", "registered_to"):
                value = value.isoformat() if value else None
            elif name == "campaigns":
                value = [line.strip() for line in (value or "").splitlines() if line.strip()][:LIST_MAX]
            if value:
                conditions[name] = value
        return conditions

    def save(self, commit: bool = True) -> Segment:
        self.instance.conditions = self.conditions()
        return super().save(commit)


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["name", "purpose", "kind", "segment", "event", "subject_sv", "body_sv", "subject_en", "body_en"]
        widgets = {"body_sv": forms.Textarea(attrs={"rows": 12}), "body_en": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "body_sv": _("Markdown. Merge fields: {first_name} and {municipality}."),
            "body_en": _("Optional. People whose language is English get this version; others the Swedish one."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["segment"].empty_label = _("Everyone (no segment)")  # type: ignore[attr-defined]
        self.fields["event"].queryset = Event.objects.order_by("-starts_at")  # type: ignore[attr-defined]
        self.fields["subject_sv"].required = True

    def languages(self) -> list[tuple[str, Any, Any]]:
        """(language, subject field, body field) for the editor's side-by-side layout."""
        return [(language, self[f"subject_{language}"], self[f"body_{language}"]) for language in ("sv", "en")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject_sv", "body_sv", "subject_en", "body_en"):
            try:
                check_merge_fields(data.get(name) or "", name)
            except ValidationError as error:
                self.add_error(name, error.error_dict[name])
        if data.get("kind") not in (None, Mailing.Kind.STANDARD) and not data.get("event"):
            self.add_error("event", _("Choose the event this mailing invites to or reminds of."))
        return data


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        help_text=_("Leave empty to send now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class EventForm(forms.ModelForm):
    """An event in Swedish and, optionally, English: each English text left empty falls back to
    the Swedish one for English readers (Event.text)."""

    TEXTS = ("title", "place", "description")

    class Meta:
        model = Event
        fields = [
            "starts_at", "ends_at", "municipality", "capacity",
            "title", "place", "description", "title_en", "place_en", "description_en",
        ]  # fmt: skip
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "title": _("Title"), "place": _("Place"), "description": _("Description"),
            "title_en": _("Title"), "place_en": _("Place"), "description_en": _("Description"),
        }  # fmt: skip
        help_texts = {
            "title_en": _("Optional. English readers see the Swedish text where the English one is empty."),
        }

    def languages(self) -> list[tuple[str, list[Any]]]:
        """(language, its text fields) for the form's two fieldsets."""
        return [
            ("sv", [self[name] for name in self.TEXTS]),
            ("en", [self[f"{name}_en"] for name in self.TEXTS]),
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Party.objects.filter(kind=Party.Kind.MUNICIPALITY)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data


class RSVPForm(forms.Form):
    coming = forms.TypedChoiceField(
        label=_("Are you coming?"),
        choices=[("yes", _("Yes, I am coming")), ("no", _("No, I cannot come"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    guests = forms.IntegerField(
        label=_("Number of guests with you"), min_value=0, max_value=MAX_GUESTS, initial=0, required=False
    )

    def clean_guests(self) -> int:
        return self.cleaned_data.get("guests") or 0
