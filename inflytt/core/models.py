from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Branding(models.Model):
    """The programme's own name and colour, edited by a coordinator (one row, pk 1).

    Pages show the name in the header and title, mails and the data export PDF name the programme
    with it; the colour is the header's. Empty fields fall back to the installation's settings.
    """

    name = models.CharField(_("programme name"), max_length=100, blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        help_text=_("A dark colour as #rrggbb: white text on it must be readable (contrast 4.5:1 or more)."),
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as # and six hex digits, e.g. #0b5e55."))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("branding")

    def __str__(self) -> str:
        return self.name or "branding"
