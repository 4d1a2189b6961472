from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inflytt.budget.models import Area, BudgetLine, BudgetYear
from inflytt.parties.models import Party

NOT_NEGATIVE = _("Enter zero or more.")
ZERO_WEIGHT = _("The municipalities' weights add up to zero: give at least one municipality a weight.")
FILE_TOO_LARGE = _("The file is larger than 2 MB.")
MAX_UPLOAD = 2 * 1024 * 1024


class BudgetYearForm(forms.ModelForm):
    class Meta:
        model = BudgetYear
        fields = ["year", "hourly_rate", "carry_over_personnel", "carry_over_activities", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("hourly_rate", "carry_over_personnel", "carry_over_activities"):
            self.fields[name].error_messages["min_value"] = NOT_NEGATIVE
        if self.instance.pk:
            self.fields["year"].disabled = True


class BudgetLineForm(forms.ModelForm):
    payer = forms.ModelChoiceField(
        label=_("Paying party"),
        queryset=Party.objects.none(),
        required=False,
        help_text=_("Only for a line paid by one named party, such as extra licences."),
    )

    class Meta:
        model = BudgetLine
        fields = ["area", "description", "kind", "hours", "amount", "payer_rule", "payer", "position"]
        widgets = {"kind": forms.RadioSelect, "payer_rule": forms.RadioSelect}
        help_texts = {
            "hours": _("For a personnel line: hours per year, priced at the year's hourly rate."),
            "amount": _("For a purchase line: whole kronor excluding VAT."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every active party is offered; the service explains when one does not take part in the year.
        self.fields["payer"].queryset = Party.objects.filter(is_active=True).order_by("kind", "name")  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.order_by("position", "name")  # type: ignore[attr-defined]
        for name in ("hours", "amount"):
            self.fields[name].error_messages["min_value"] = NOT_NEGATIVE
        # Radio buttons need no empty "---------" choice.
        self.fields["kind"].choices = BudgetLine.Kind.choices  # type: ignore[attr-defined]
        self.fields["payer_rule"].choices = BudgetLine.PayerRule.choices  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # A negative or malformed number already has its message; the model's "needs its hours"
        # (it sees no value) would only repeat it.
        failed = {name for name in ("hours", "amount") if name in self.errors}
        # _post_clean is Django's private hook for model validation; the stubs leave it out.
        super()._post_clean()  # type: ignore[misc]
        for name in failed:
            del self.errors[name].data[1:]


class CostKeyForm(forms.Form):
    """One weight per municipality (blank: not in the year) and a take-part box per region."""

    def __init__(self, *args: Any, parties: list[Party], current: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        for party in parties:
            if party.kind == Party.Kind.MUNICIPALITY:
                self.fields[party.slug] = forms.IntegerField(
                    label=party.name,
                    required=False,
                    min_value=0,
                    initial=current.get(party.pk),
                    error_messages={"min_value": NOT_NEGATIVE},
                    help_text=_("Population %(population)s. Leave empty if the party is not in this year.")
                    % {"population": party.population},
                )
            else:
                self.fields[party.slug] = forms.BooleanField(
                    label=_("%(party)s takes part") % {"party": party.name},
                    required=False,
                    initial=party.pk in current,
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        municipal = [data.get(party.slug) or 0 for party in self.parties if party.kind == Party.Kind.MUNICIPALITY]
        if not self.errors and sum(municipal) == 0:
            raise forms.ValidationError(ZERO_WEIGHT)
        return data

    def weights(self) -> dict[Party, int | None]:
        result: dict[Party, int | None] = {}
        for party in self.parties:
            value = self.cleaned_data.get(party.slug)
            if party.kind == Party.Kind.MUNICIPALITY:
                result[party] = value
            else:
                result[party] = 0 if value else None
        return result


class OutcomeForm(forms.Form):
    """The outcome per area and quarter; an empty box means nothing is reported for it yet."""

    def __init__(self, *args: Any, areas: list[Area], current: dict[tuple[int, int], Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            for quarter in range(1, 5):
                self.fields[self.field_name(area, quarter)] = forms.DecimalField(
                    label=_("%(area)s, quarter %(quarter)s") % {"area": area.name, "quarter": quarter},
                    required=False,
                    min_value=Decimal(0),
                    max_digits=14,
                    decimal_places=2,
                    localize=True,
                    initial=current.get((area.pk, quarter)),
                    error_messages={"min_value": NOT_NEGATIVE},
                )

    @staticmethod
    def field_name(area: Area, quarter: int) -> str:
        return f"area{area.pk}_q{quarter}"

    def grid(self) -> list[tuple[Area, list[forms.BoundField]]]:
        return [(area, [self[self.field_name(area, quarter)] for quarter in range(1, 5)]) for area in self.areas]

    def amounts(self) -> dict[tuple[Area, int], Decimal | None]:
        return {
            (area, quarter): self.cleaned_data.get(self.field_name(area, quarter))
            for area in self.areas
            for quarter in range(1, 5)
        }


class OutcomeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Outcome file (CSV or XLSX)"),
        help_text=_(
            "One row per area and quarter, with the columns area, quarter and amount. The area is its short "
            "name or its name; the quarter 1-4; the amount in kronor."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(FILE_TOO_LARGE)
        return upload
