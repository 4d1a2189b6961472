from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.selectors import AuditFilters
from inflytt.parties.models import Party

PERIOD_ORDER = _("The end of the period is before its start.")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class AuditFilterForm(forms.Form):
    actor = StaffChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none(), required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", "---------"), *AuditEvent.Action.choices], required=False
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    contact_id = forms.IntegerField(label=_("Contact id"), required=False, min_value=1, max_value=2**62)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = User.objects.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        self.fields["party"].queryset = Party.objects.order_by("kind", "name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", PERIOD_ORDER)
        return data

    def to_filters(self) -> AuditFilters:
        if not self.is_bound or not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"].pk if data["actor"] else None,
            party=data["party"].pk if data["party"] else None,
            action=data["action"],
            start=data["start"],
            end=data["end"],
            contact_id=data["contact_id"],
        )
