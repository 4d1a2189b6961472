from __future__ import annotations

import io

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from inflytt.parties.branding import PAGE_BACKGROUND, contrast, contrast_with_white

# A logo is a small picture: the upload is refused above this size, and whatever is accepted is
# re-encoded as a PNG of at most LOGO_BOX pixels, so no metadata, script or second file inside the
# upload survives (SVG is not accepted at all: it can carry scripts).
LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_BOX = (480, 160)
LOGO_FORMATS = {"PNG", "JPEG"}


def normalised_logo(upload: object) -> bytes:
    """The uploaded PNG or JPEG as our own PNG, or a ValidationError."""
    data = upload.read()  # type: ignore[attr-defined]
    if len(data) > LOGO_MAX_BYTES:
        raise forms.ValidationError(_("The logo may be at most 500 kB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in LOGO_FORMATS:
            raise forms.ValidationError(_("The logo must be a PNG or JPEG picture."))
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise forms.ValidationError(_("The logo may be at most 4000 × 4000 pixels."))
            image.thumbnail(LOGO_BOX)
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(_("The logo must be a PNG or JPEG picture.")) from None
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


class BrandingForm(forms.Form):
    name = forms.CharField(label=_("programme name"), max_length=100)
    logo = forms.FileField(
        label=_("logo"),
        required=False,
        help_text=_("A PNG or JPEG of at most 500 kB. It is shown on the header's colour and on white paper."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    colour = forms.CharField(
        label=_("colour"),
        required=False,
        help_text=_("A dark colour as #rrggbb: white text on it must be readable (contrast 4.5:1 or more)."),
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as # and six hex digits, e.g. #0b5e55."))],
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    sender_email = forms.EmailField(
        label=_("sender address"),
        required=False,
        help_text=_(
            "The programme's mails (confirmations, newsletters, mails from the card) are sent from this address; "
            "replies to a guide's mail still reach the card. The mail server must be allowed to send as it."
        ),
    )
    signature = forms.CharField(
        label=_("signature"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ends the programme's mails, for example the name, the region and a phone number."),
    )

    def clean_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        return normalised_logo(upload) if upload else None

    def clean_colour(self) -> str:
        colour = (self.cleaned_data.get("colour") or "").lower()
        if not colour:
            return colour
        # The colour is the header's and the buttons' background under white text, and the buttons
        # sit on the page's background: both must reach 4.5:1 (WCAG 1.4.3).
        if contrast_with_white(colour) < 4.5:
            raise forms.ValidationError(
                _("White text on this colour is hard to read (contrast %(ratio)s:1). Choose a darker colour.")
                % {"ratio": f"{contrast_with_white(colour):.1f}"}
            )
        if contrast(colour, PAGE_BACKGROUND) < 4.5:
            raise forms.ValidationError(
                _("This colour is hard to see on the page's background (contrast %(ratio)s:1). Choose a darker one.")
                % {"ratio": f"{contrast(colour, PAGE_BACKGROUND):.1f}"}
            )
        return colour

    def clean_signature(self) -> str:
        signature = self.cleaned_data.get("signature") or ""
        if "{" in signature or "}" in signature:
            # The newsletter's templates fill their {places} after the signature is in them.
            raise forms.ValidationError(_("A signature cannot hold { or }."))
        return "\n".join(line.rstrip() for line in signature.strip().splitlines())
