"""Template helpers of the design system (inflytt/static/inflytt/app.css)."""

from __future__ import annotations

from html import escape

from django import template
from django.forms import BoundField
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from inflytt.core.forms_renderer import shown

register = template.Library()


@register.simple_tag
def icon(name: str, label: str = "") -> str:
    """A Lucide icon from the local sprite, in the colour of the text around it.

    Decorative (hidden from assistive technology) unless a label is given; then it is an image
    with that name.
    """
    href = f"{sprite()}#{name}"
    if label:
        return format_html(
            '<svg class="icon" role="img" aria-label="{}" focusable="false" fill="none" stroke="currentColor"'
            ' stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><use href="{}"></use></svg>',
            label,
            href,
        )
    return decorative_icon(sprite_address=href)


def sprite() -> str:
    """The address of the icon sprite (a static file: a look-up in the manifest)."""
    return static("inflytt/icons/sprite.svg")


def decorative_icon(*, sprite_address: str) -> str:
    """icon(name) for a caller that writes many and looked the sprite up once: `sprite_address` is
    `f"{sprite()}#{name}"`."""
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false" fill="none" stroke="currentColor"'
        ' stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><use href="{}"></use></svg>',
        sprite_address,
    )


@register.filter
def at(items: object, index: int) -> object:
    """`{{ columns|at:forloop.counter0 }}`: the column's name for a cell written in a loop (the
    stacked cards' data-label under 600px); "" past the end."""
    try:
        return items[index]  # type: ignore[index]
    except (IndexError, KeyError, TypeError):
        return ""


@register.simple_tag
def field(bound: BoundField) -> SafeString:
    """One form field as the design system shows it: label (a legend for a group of checkboxes or
    radios), "(required)", help text, errors tied to the field by id, and the widget.

    Written in Python rather than included (the include was `includes/_field.html`, kept as
    core/tests/reference/field.html, which a test compares with this for every kind of field): a
    list page has nine of them, and each include cost more than its widget (issue 16)."""
    errors = bound.errors
    help_text = bound.help_text
    auto_id = shown(bound.auto_id)
    # Translated outside the f-strings: xgettext does not read calls inside them (makemessages would drop them).
    required_word = escape(_("required"))
    required = f' <span class="required">({required_word})</span>' if bound.field.required else ""
    hint = f'<p class="hint" id="{auto_id}_helptext">{shown(help_text)}</p>' if help_text else ""
    messages = "".join(f"{shown(error)} " for error in errors)
    said = f'<p class="error-message" id="{auto_id}_error">{messages}</p>' if errors else ""
    label = shown(bound.label)
    kind = bound.widget_type
    if kind in ("checkboxselectmultiple", "radioselect"):
        described = (f"{auto_id}_helptext " if help_text else "") + (f"{auto_id}_error" if errors else "")
        many = len(bound.field.choices)  # type: ignore[attr-defined]  # a choice field, by its widget
        classes = "choices" + (" choices-many" if many > 6 else "") + (" choices-long" if many > 12 else "")
        filter_label = _("Filter: %(label)s") % {"label": label}
        search = f' data-filter-label="{filter_label}"' if many > 12 else ""
        choices = "".join(
            f'<div class="choice">{choice.tag()} <label for="{shown(choice.id_for_label)}">'
            f"{shown(choice.choice_label)}</label></div>"
            for choice in bound
        )
        body = (
            f'<fieldset aria-describedby="{described}"><legend>{label}{required}</legend>{hint}{said}'
            f'<div class="{classes}"{search}>{choices}</div></fieldset>'
        )
    else:
        body = f'<label for="{shown(bound.id_for_label)}">{label}{required}</label>{hint}{said}{bound}'
    error_class = " field-error" if errors else ""
    return mark_safe(f'<div class="field{error_class}">{body}</div>')  # noqa: S308  # every value is escaped
