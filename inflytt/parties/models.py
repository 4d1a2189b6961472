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
    # Where the invoice basis is addressed (the December invoicing, docs/requirements.md R10-R11).
    # Blank until a coordinator fills them in: the PDF then shows a line to write it on.
    org_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    invoice_address = models.TextField(
        _("invoice address"), blank=True, help_text=_("As it is written on an envelope, one line per row.")
    )
    invoice_reference = models.CharField(
        _("invoice reference"), max_length=120, blank=True, help_text=_("The payer's reference: a person or a code.")
    )

    class Meta:
        ordering = ["kind", "name"]  # the region first, then the municipalities A-Ö
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def is_region(self) -> bool:
        return self.kind == self.Kind.REGION

    def invoice_address_lines(self) -> list[str]:
        return [line.strip() for line in self.invoice_address.splitlines() if line.strip()]

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
    """The programme's own name, logo, colour, sender address and signature, edited by a
    coordinator (one row, pk 1).

    Pages show the name and logo in the header and title, the PDFs (invoice basis, a person's data
    export, reports) carry them, the programme's mails are sent from the sender address and end with
    the signature; the colour is the header's and the buttons'. Empty fields fall back to the
    installation's settings. The logo is kept in the database as a PNG we re-encoded ourselves
    (core.forms), so it is served from our own origin and needs no file storage.
    """

    name = models.CharField(_("programme name"), max_length=100, blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        help_text=_("A dark colour as #rrggbb: white text on it must be readable (contrast 4.5:1 or more)."),
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as # and six hex digits, e.g. #0b5e55."))],
    )
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    sender_email = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_("The programme's mails are sent from this address. Leave empty to use the server's address."),
    )
    signature = models.TextField(_("signature"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("branding")

    def __str__(self) -> str:
        return self.name or "branding"
