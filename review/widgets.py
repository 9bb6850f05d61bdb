"""Widgets of the review forms."""

from __future__ import annotations

import html

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe


def escape_text(value) -> str:
    """`{{ value }}` of a value: django.utils.html.conditionalescape_text() without its
    lazy-argument wrapper (a few µs a call, hundreds of calls on a results page)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class PlainChoices(BaseChoiceIterator):
    """Choices that are already (value, label) pairs of plain values, such as every application
    of a round. Django normalizes a list of choices item by item, on the field and again on
    its widget (about 3 µs a choice); a choice iterator is taken as it is."""

    def __init__(self, pairs: list[tuple]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


class Select(forms.Select):
    """Django's select for hundreds of options (every application of a round): the same HTML
    as its select.html, built without the template include it renders for each option
    (about 40 µs each). Option groups and multiple selection go the template's way.

    Named Select as Django's is: crispy-forms gives a widget its class name as a CSS class."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if self.allow_multiple_selected or not all(
            isinstance(label, str) for _value, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        selected = self.format_value(value)
        parts = [f'<select name="{escape_text(name)}"']
        for key, attr in self.build_attrs(self.attrs, attrs).items():
            if attr is True:
                parts.append(f" {escape_text(key)}")
            elif attr is not False:
                parts.append(f' {escape_text(key)}="{escape_text(attr)}"')
        parts.append(">")
        found = False
        for option, label in choices:
            option = "" if option is None else option
            text = str(option)
            chosen = not found and text in selected
            # A primary key needs no escaping (most options of this select are one).
            value = text if type(option) is int else escape_text(option)
            found |= chosen
            parts.append(
                f'\n  <option value="{value}"'
                f"{' selected' if chosen else ''}>{escape_text(label)}</option>\n"
            )
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class ExpertInput(forms.TextInput):
    """A text box naming an expert, with the list its suggestions fill as the office types
    (static/js/expert-search.js, from the URL in its data-expert-search attribute); without
    scripts it is a plain text box."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        element = context["widget"]["attrs"]
        element.setdefault("autocomplete", "off")
        if element.get("id"):
            element["list"] = f"{element['id']}_suggestions"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        suggestions = (attrs or {}).get("id")
        if not suggestions:
            return box
        return mark_safe(f'{box}<datalist id="{escape_text(suggestions)}_suggestions"></datalist>')
