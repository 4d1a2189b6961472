from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inflytt.intake.importer import mapping
from inflytt.intake.models import ImportMapping

DUPLICATE_FIELD = _("%(field)s is chosen for more than one column.")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file (separated by ; or ,) or an Excel workbook (.xlsx) with a header row."),
    )
    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=ImportMapping.Kind.choices, widget=forms.RadioSelect, initial="contacts"
    )


class MappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or nothing."""

    def __init__(self, *args: Any, header: list[str], columns: list[str], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for index, title in enumerate(header):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=title or _("Column %(number)s") % {"number": index + 1},
                choices=mapping.field_choices(kind),
                required=False,
                initial=columns[index] if index < len(columns) else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        labels = dict(mapping.field_choices(self.kind))
        seen: set[str] = set()
        for name in self.fields:
            value = data.get(name)
            if value and value in seen:
                self.add_error(name, DUPLICATE_FIELD % {"field": labels[value]})
            seen.add(value or "")
        return data

    def columns(self) -> list[str]:
        return [self.cleaned_data.get(name) or "" for name in self.fields]


class SaveMappingForm(forms.Form):
    use_required_attribute = False  # the same form has other buttons: the name is needed only to save
    name = forms.CharField(label=_("Save this mapping as"), max_length=100)


class RunForm(forms.Form):
    skip_invalid = forms.BooleanField(label=_("Import the valid rows and skip the rows with errors"), required=False)
