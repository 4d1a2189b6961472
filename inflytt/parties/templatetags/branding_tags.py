"""The programme's signature in the mails' footers: `{% load branding_tags %}{% programme_signature %}`."""

from __future__ import annotations

from django import template

from inflytt.parties import branding

register = template.Library()


@register.simple_tag
def programme_signature() -> str:
    """The signature a coordinator wrote on the branding page, or the programme's name. Plain
    text: an HTML template escapes it and keeps its line breaks with |linebreaksbr."""
    return branding.signature()
