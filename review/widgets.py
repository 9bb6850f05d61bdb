"""Widgets of the review forms."""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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
        parts = [f'<select name="{conditional_escape(name)}"']
        for key, attr in self.build_attrs(self.attrs, attrs).items():
            if attr is True:
                parts.append(f" {conditional_escape(key)}")
            elif attr is not False:
                parts.append(f' {conditional_escape(key)}="{conditional_escape(attr)}"')
        parts.append(">")
        found = False
        for option, label in choices:
            option = "" if option is None else option
            chosen = not found and str(option) in selected
            found |= chosen
            parts.append(
                f'\n  <option value="{conditional_escape(option)}"'
                f"{' selected' if chosen else ''}>{conditional_escape(label)}</option>\n"
            )
        parts.append("\n</select>")
        return mark_safe("".join(parts))
