"""Template helpers of the design system (inflytt/static/inflytt/app.css)."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

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
