"""The results table of a round: its numbers and each application's sheets.

A page of results shows 50 applications with five sheets each. Django's floatformat filter
looks up the locale's number formats on every call (about 11 µs), and a template loop costs a
few µs a variable: the sheets alone were half the page. These give the same HTML for a fraction.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

TWO_PLACES = Decimal("0.01")
LARGEST = Decimal(10) ** 15


def _plain_numbers() -> bool:
    """Whether the active language writes numbers as Python does ("." and no grouping)."""
    return formats.get_format("DECIMAL_SEPARATOR") == "." and not settings.USE_THOUSAND_SEPARATOR


def _two_places(value, plain: bool) -> str:
    """floatformat:"-2" of a Decimal: two places (half up), none for a whole number."""
    if not (plain and isinstance(value, Decimal) and value.is_finite() and abs(value) < LARGEST):
        return floatformat(value, "-2")
    if value == value.to_integral_value():
        return str(int(value))
    rounded = value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    # floatformat writes no sign on a zero ("-0.001" -> "0.00").
    return f"{rounded if rounded else abs(rounded):f}"


def _number(value, plain: bool) -> str:
    """A number as `{{ value }}` shows it (Django's number_format without a fixed precision)."""
    if plain and isinstance(value, Decimal) and value.is_finite():
        _sign, digits, exponent = value.as_tuple()
        if abs(exponent) + len(digits) <= 200:
            return f"{value:f}"
    elif plain and isinstance(value, float):
        text = str(value)
        if "e" not in text:
            return text
    return str(conditional_escape(formats.localize(value)))


@register.filter(is_safe=True)
def two_places(value) -> str:
    """`floatformat:"-2"`: two decimal places, none for a whole number."""
    return _two_places(value, _plain_numbers())


@register.simple_tag
def sheet_scores(sheets, show_normalised: bool) -> str:
    """Each sheet of a result row: the expert, the total (or the sheet's state), the z-score
    when the edition shows them, and the deviation from the panel when there is one."""
    plain = _plain_numbers()
    deviation_label = conditional_escape(gettext("偏离"))
    parts = []
    for cell in sheets:
        parts.append(f"<div>{conditional_escape(cell.expert_name)}：")
        if cell.total is not None:
            parts.append(_two_places(cell.total, plain))
        else:
            parts.append(conditional_escape(cell.state))
        if show_normalised and cell.zscore is not None:
            parts.append(f' <span class="text-muted">(z {_number(cell.zscore, plain)})</span>')
        if cell.deviation is not None:
            parts.append(
                f' <span class="badge text-bg-danger">{deviation_label} '
                f"{_number(cell.deviation, plain)}</span>"
            )
        parts.append("</div>")
    return mark_safe("".join(parts))
