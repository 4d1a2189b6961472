"""The form renderer (settings.FORM_RENDERER): Django's TemplatesSetting, with the plain widgets written in Python.

Every text, date, number and hidden input, textarea, select and checkbox or radio option goes through
two or three template includes in Django (the widget's template, input.html, attrs.html). On the
card those includes were a sixth of the page (issue 16's profile), and every form page pays them.
These widgets are written here, exactly as Django's templates write them (autoescaping and the
`stringformat:'s'` filter included); every other widget still renders through its template, which
inflytt/templates/django/forms/ may override. A test renders each widget both ways, with hostile
values, and compares the output character for character.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

Widget = dict[str, Any]


# A template's default context (autoescape on, the settings' time zone and localization), for
# render_value_in_context: what `{{ value }}` writes, by Django's own function.
_TEMPLATE_CONTEXT = Context()


def shown(value: Any) -> str:
    """`{{ value }}`: in local time, localized, then escaped unless it is safe."""
    return str(render_value_in_context(value, _TEMPLATE_CONTEXT))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe; anything else is escaped."""
    text = "%s" % (value,)  # noqa: UP031  # the filter's own operation
    return text if isinstance(value, SafeData) else str(conditional_escape(text))


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {shown(name)}" if value is True else f' {shown(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: Widget) -> str:
    """django/forms/widgets/input.html"""
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{shown(widget["type"])}" name="{shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: Widget) -> str:
    """django/forms/widgets/textarea.html"""
    value = shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(widget: Widget) -> str:
    """django/forms/widgets/input_option.html (a checkbox or radio of a multiple choice)."""
    if not widget.get("wrap_label"):
        return _input(widget)
    target = widget["attrs"].get("id")
    label_for = f' for="{shown(target)}"' if target else ""
    return f"<label{label_for}>{_input(widget)} {shown(widget['label'])}</label>"


def _select(widget: Widget) -> str:
    """django/forms/widgets/select.html with its select_option.html written in place (that template
    ends in a newline, which each option keeps)."""
    parts = [f'<select name="{shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{shown(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = ("text", "email", "number", "date", "datetime", "time", "url", "password", "hidden", "search", "tel")
WRITERS: dict[str, Callable[[Widget], str]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in (*_INPUTS, "checkbox", "color")},
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/checkbox_option.html": _option,
    "django/forms/widgets/radio_option.html": _option,
    "django/forms/widgets/input_option.html": _option,
    "django/forms/widgets/select.html": _select,
}


class Renderer(TemplatesSetting):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = WRITERS.get(template_name)
        if write is None:
            return super().render(template_name, context, request)  # a str, as BaseRenderer.render returns
        return mark_safe(write(context["widget"]))  # noqa: S308  # every value is escaped as the template does
