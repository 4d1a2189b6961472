from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import Role, User
from inflytt.parties.models import Party


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.GUIDE)
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.order_by("name"))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("There is already an account with this email address."))
        return email


class StaffForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["role", "party", "is_active"]
        labels = {"is_active": _("Active (may log in)")}


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "username"}))
