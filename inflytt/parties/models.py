from __future__ import annotations

from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.Model):
    """An avtalspart: the region or one of its municipalities."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"), default=0, help_text=_("Used as the default cost key."))
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    embed_origins = models.TextField(
        _("origins allowed to embed the forms"),
        blank=True,
        help_text=_("One web origin per line, for example https://www.bracke.se"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]  # the region first, then the municipalities A-Ö
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def is_region(self) -> bool:
        return self.kind == self.Kind.REGION

    def embed_origin_list(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.embed_origins.splitlines() if line.strip()]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        validate = URLValidator(schemes=["https", "http"])
        for origin in self.embed_origin_list():
            try:
                validate(origin)
            except ValidationError:
                raise ValidationError(
                    {"embed_origins": _("“%(origin)s” is not a web origin.") % {"origin": origin}}
                ) from None


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
