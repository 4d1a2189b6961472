from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from inflytt.parties.branding import contrast_with_white


class BrandingForm(forms.Form):
    name = forms.CharField(label=_("programme name"), max_length=100)
    colour = forms.CharField(
        label=_("colour"),
        required=False,
        help_text=_("A dark colour as #rrggbb: white text on it must be readable (contrast 4.5:1 or more)."),
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as # and six hex digits, e.g. #0b5e55."))],
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    def clean_colour(self) -> str:
        colour = self.cleaned_data.get("colour") or ""
        if colour and contrast_with_white(colour) < 4.5:
            raise forms.ValidationError(
                _("White text on this colour is hard to read (contrast %(ratio)s:1). Choose a darker colour.")
                % {"ratio": f"{contrast_with_white(colour):.1f}"}
            )
        return colour
