"""The results table of a round: its rows, their sheets and their numbers.

A page of results shows 50 applications with five sheets each. Django's floatformat filter
looks up the locale's number formats on every call (about 11 µs), and each variable of a
template loop costs a few µs more: the table was most of the page. These tags give the HTML the
template gave (the tests compare both) for a fraction of the time.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop, pgettext

from review.widgets import escape_text

register = template.Library()

TWO_PLACES = Decimal("0.01")
LARGEST = Decimal(10) ** 15
MISSING = "—"


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
    """`{{ value }}` of a number (Django's number_format without a fixed precision)."""
    if plain:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, Decimal) and value.is_finite():
            _sign, digits, exponent = value.as_tuple()
            if abs(exponent) + len(digits) <= 200:
                return f"{value:f}"
        elif isinstance(value, float):
            text = str(value)
            if "e" not in text:
                return text
    return escape_text(formats.localize(value))


def _sheets(sheets, show_normalised: bool, plain: bool, deviation_label: str, sep: str) -> str:
    """Each sheet of a row: the expert, the total (or the sheet's status), the z-score when
    the edition shows them, and the deviation from the panel when there is one."""
    parts = []
    for cell in sheets:
        parts.append(f"<div>{escape_text(cell.expert_name)}{sep}")
        if cell.total is not None:
            parts.append(_two_places(cell.total, plain))
        else:
            parts.append(escape_text(cell.status_label))
        if show_normalised and cell.zscore is not None:
            parts.append(f' <span class="text-muted">(z {_number(cell.zscore, plain)})</span>')
        if cell.deviation is not None:
            parts.append(
                f' <span class="badge text-bg-danger">{deviation_label} '
                f"{_number(cell.deviation, plain)}</span>"
            )
        parts.append("</div>")
    return "".join(parts)


def _sealed_sheets(sheets, note: str, sep: str) -> str:
    """The sheets of an application whose scores the reader may not see yet (a group leader
    before submitting their own sheet): who has submitted, and nothing of what."""
    parts = [
        f"<div>{escape_text(cell.expert_name)}{sep}{escape_text(cell.status_label)}</div>"
        for cell in sheets
    ]
    parts.append(f'<div class="text-muted">{note}</div>')
    return "".join(parts)


# Marked for makemessages; translated when a table is rendered.
LABELS = (
    gettext_noop("偏离"),
    gettext_noop("已去高低"),
    gettext_noop("晋级"),
    gettext_noop("不晋级"),
    gettext_noop("已执行"),
)


@register.simple_tag(takes_context=True)
def result_row(context, row, show_normalised: bool) -> str:
    """One row of the results table (a selectors.ResultRow), as this template gave it, with
    `show_normalised` for settings.show_normalised:

    <tr{% if r.flagged %} class="table-warning"{% endif %}>
      <td>{{ r.application.reference }}<div class="small">{{ r.application.applicant_name }}</div></td>
      <td>{{ r.application.category }}</td>
      <td class="small">{% for c in r.sheets %}<div>{{ c.expert_name }}{% translate "：" context "label separator" %}{% if c.total is not None %}{{ c.total|floatformat:"-2" }}{% else %}{{ c.status_label }}{% endif %}{% if show_normalised and c.zscore is not None %} <span class="text-muted">(z {{ c.zscore }})</span>{% endif %}{% if c.deviation is not None %} <span class="badge text-bg-danger">{% translate "偏离" %} {{ c.deviation }}</span>{% endif %}</div>{% endfor %}</td>
      <td>{{ r.sheet_count }}{% if r.trimmed %} <span class="small text-muted">{% translate "已去高低" %}</span>{% endif %}</td>
      <td>{{ r.mean|floatformat:"-2"|default:"—" }}</td>
      <td><strong>{{ r.aggregate|floatformat:"-2"|default:"—" }}</strong> / {{ r.max_points|floatformat:"-2" }}</td>
      <td>{{ r.percent|floatformat:"-2"|default:"—" }}</td>
      {% if show_normalised %}<td>{{ r.normalised|default_if_none:"—" }}</td>{% endif %}
      <td>{{ r.rank|default:"—" }}</td>
      <td>{% if r.decision %}{% if r.decision.advances %}<span class="badge text-bg-success">{% translate "晋级" %}</span>{% else %}<span class="badge text-bg-secondary">{% translate "不晋级" %}</span>{% endif %}<div class="small">{{ r.decision.reason }}</div>{% if r.decision.applied_at %}<div class="small text-muted">{% translate "已执行" %}</div>{% endif %}{% else %}—{% endif %}</td>
    </tr>
    """  # noqa: E501
    # What the rows of one rendering share: the number format and the labels.
    shared = context.render_context.get(result_row)
    if shared is None:
        labels = {label: escape_text(gettext(label)) for label in LABELS}
        sep = escape_text(pgettext("label separator", "："))
        shared = context.render_context[result_row] = (_plain_numbers(), labels, sep)
    plain, labels, sep = shared

    application = row.application
    flagged = ' class="table-warning"' if row.flagged else ""
    if row.sealed:
        sheets = _sealed_sheets(
            row.sheets,
            escape_text(gettext("提交本人对该申报的评分表后，方可查看各专家的评分。")),
            sep,
        )
    else:
        sheets = _sheets(row.sheets, show_normalised, plain, labels["偏离"], sep)
    trimmed = f' <span class="small text-muted">{labels["已去高低"]}</span>' if row.trimmed else ""
    normalised = ""
    if show_normalised:
        normalised = (
            f"<td>{_number(row.normalised, plain) if row.normalised is not None else MISSING}</td>"
        )
    decision = row.decision
    if decision:
        if decision.advances:
            verdict = f'<span class="badge text-bg-success">{labels["晋级"]}</span>'
        else:
            verdict = f'<span class="badge text-bg-secondary">{labels["不晋级"]}</span>'
        applied = (
            f'<div class="small text-muted">{labels["已执行"]}</div>' if decision.applied_at else ""
        )
        decided = f'{verdict}<div class="small">{escape_text(decision.reason)}</div>{applied}'
    else:
        decided = MISSING
    return mark_safe(
        f"<tr{flagged}>\n"
        f"      <td>{escape_text(application.reference)}"
        f'<div class="small">{escape_text(application.applicant_name)}</div></td>\n'
        f"      <td>{escape_text(application.category)}</td>\n"
        f'      <td class="small">{sheets}</td>\n'
        f"      <td>{_number(row.sheet_count, plain)}{trimmed}</td>\n"
        f"      <td>{_two_places(row.mean, plain) or MISSING}</td>\n"
        f"      <td><strong>{_two_places(row.aggregate, plain) or MISSING}</strong>"
        f" / {_two_places(row.max_points, plain)}</td>\n"
        f"      <td>{_two_places(row.percent, plain) or MISSING}</td>\n"
        f"      {normalised}\n"
        f"      <td>{_number(row.rank, plain) if row.rank else MISSING}</td>\n"
        f"      <td>{decided}</td>\n"
        f"    </tr>"
    )
