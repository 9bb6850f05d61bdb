"""The form renderer: Django's, with its commonest widget templates written out in Python.

Django renders every <input>, <textarea> and <select> through a template, and each <option>
through one more: the applicant's edit form (some fifty fields) and a score sheet (a few dozen
selects of up to a hundred scores each) spent a third to a half of their time there. The HTML
is the same, character for character (tests/foundation/test_widgets.py compares them); any
other template, or a widget with a template of its own, goes to Django's renderer as before.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
OPTION = WIDGETS + "select_option.html"
# The templates that are nothing but {% include "django/forms/widgets/input.html" %}
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}


def _s(value):
    """The template filter stringformat:'s' (a safe string stays safe)."""
    return value if isinstance(value, str) else str(value)


def _attrs(attrs: dict) -> str:
    """attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(_s(value))}"')
    return "".join(out)


attrs_html = _attrs


def _input(widget: dict) -> str:
    """input.html"""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(_s(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str:
    """textarea.html"""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _select(widget: dict) -> str | None:
    """select.html with select_option.html; None for options with a template of their own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(_s(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


WRITERS = {
    **dict.fromkeys(INPUTS, _input),
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "select.html": _select,
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = WRITERS.get(template_name)
        html = write(context["widget"]) if write is not None and "widget" in context else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html
