"""Widgets written out in Python: the same HTML as Django's templates, at a fraction of the cost.

Django renders a <select> with a template include per <option>; a score sheet has a few dozen
selects of up to a hundred scores each, and its page spent half of its time in them.
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(_s(value))}"')
    return "".join(out)


def _s(value):
    """The template filter stringformat:'s' (a safe string stays safe)."""
    return value if isinstance(value, str) else "%s" % (value,)


class Select(forms.Select):
    """forms.Select, its template (select.html, select_option.html) done in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    f'\n  <option value="{conditional_escape(_s(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
