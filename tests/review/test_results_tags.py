"""The results table's row tag gives the HTML of the template it replaces."""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from review.rounds.selectors import ApplicationLabel, ResultRow, SheetCell
from review.templatetags.review_results import _two_places

NUMBERS = [
    None,
    Decimal("0"),
    Decimal("0.00"),
    Decimal("-0.00"),
    Decimal("80.00"),
    Decimal("73.50"),
    Decimal("66.25"),
    Decimal("12.345"),
    Decimal("-1.5"),
    Decimal("-0.004"),
    Decimal("1E+1"),
    Decimal("999999.99"),
    Decimal("1E+20"),
    Decimal("NaN"),
    "",
    3,
    2.5,
]

# The row as templates/review/round_results.html rendered it before the tag, except that a
# standardised score of 0 is a score (0.0), not "—" (`default_if_none`, once `default`), and a
# sheet without a total shows its status's label, not its value.
OLD_ROW = """{% load i18n %}{% for r in rows %}
    <tr{% if r.flagged %} class="table-warning"{% endif %}>
      <td>{{ r.application.reference }}<div class="small">{{ r.application.applicant_name }}</div></td>
      <td>{{ r.application.category }}</td>
      <td class="small">{% for c in r.sheets %}<div>{{ c.expert_name }}{% translate "：" context "label separator" %}{% if c.total is not None %}{{ c.total|floatformat:"-2" }}{% else %}{{ c.status_label }}{% endif %}{% if settings.show_normalised and c.zscore is not None %} <span class="text-muted">(z {{ c.zscore }})</span>{% endif %}{% if c.deviation is not None %} <span class="badge text-bg-danger">{% translate "偏离" %} {{ c.deviation }}</span>{% endif %}</div>{% endfor %}</td>
      <td>{{ r.sheet_count }}{% if r.trimmed %} <span class="small text-muted">{% translate "已去高低" %}</span>{% endif %}</td>
      <td>{{ r.mean|floatformat:"-2"|default:"—" }}</td>
      <td><strong>{{ r.aggregate|floatformat:"-2"|default:"—" }}</strong> / {{ r.max_points|floatformat:"-2" }}</td>
      <td>{{ r.percent|floatformat:"-2"|default:"—" }}</td>
      {% if settings.show_normalised %}<td>{{ r.normalised|default_if_none:"—" }}</td>{% endif %}
      <td>{{ r.rank|default:"—" }}</td>
      <td>{% if r.decision %}{% if r.decision.advances %}<span class="badge text-bg-success">{% translate "晋级" %}</span>{% else %}<span class="badge text-bg-secondary">{% translate "不晋级" %}</span>{% endif %}<div class="small">{{ r.decision.reason }}</div>{% if r.decision.applied_at %}<div class="small text-muted">{% translate "已执行" %}</div>{% endif %}{% else %}—{% endif %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501

NEW_ROW = """{% load review_results %}{% for r in rows %}
    {% result_row r settings.show_normalised %}
  {% endfor %}"""


def _rows() -> list[ResultRow]:
    sheets = [
        SheetCell(1, 1, "王<芳>", "submitted", Decimal("80.00"), zscore=1.25),
        SheetCell(
            2, 2, "李 & 明", "submitted", Decimal("66.50"), zscore=-0.0, deviation=Decimal("-13.75")
        ),
        SheetCell(3, 3, "张三", "excused", None),
        SheetCell(
            4, 4, "赵四", "submitted", Decimal("70.125"), zscore=0.0, deviation=Decimal("10")
        ),
        SheetCell(5, 5, "钱五", "submitted", Decimal("0"), zscore=1e-07, deviation=Decimal("0.00")),
    ]
    common = {"application": ApplicationLabel(1, "PZH3-00001", "攀枝花<钒钛> & 公司", "一般组织")}
    return [
        ResultRow(
            **common,
            kind="organization",
            sheet_count=5,
            mean=Decimal("73.55"),
            aggregate=Decimal("72.00"),
            max_points=Decimal("100.00"),
            percent=Decimal("72.00"),
            trimmed=True,
            rank=1,
            normalised=0.42,
            sheets=sheets,
            flagged=sheets[1:2],
            decision=SimpleNamespace(advances=True, reason="得分率 72%", applied_at=None),
        ),
        ResultRow(
            **common,
            kind="organization",
            sheet_count=2,
            mean=Decimal("66.125"),
            aggregate=Decimal("-0.004"),
            max_points=Decimal("1000"),
            percent=None,
            trimmed=False,
            rank=None,
            normalised=0.0,
            sheets=sheets[2:4],
            decision=SimpleNamespace(
                advances=False, reason="<未达到> 分数线", applied_at=datetime(2026, 1, 2)
            ),
        ),
        ResultRow(
            application=ApplicationLabel(2, "PZH3-00002", "张三", "个人"),
            kind="individual",
            sheet_count=0,
            mean=None,
            aggregate=None,
            max_points=Decimal(0),
            percent=None,
            trimmed=False,
            normalised=-1.5,
            rank=12,
        ),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("value", NUMBERS)
def test_two_places_is_floatformat_minus_two(language, value):
    with translation.override(language):
        assert _two_places(value, True) == floatformat(value, "-2")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("show_normalised", [True, False])
def test_result_row_is_the_template_row(language, show_normalised):
    context = {"rows": _rows(), "settings": SimpleNamespace(show_normalised=show_normalised)}
    with translation.override(language):
        old = Template(OLD_ROW).render(Context(context))
        new = Template(NEW_ROW).render(Context(context))

    assert new == old


def test_a_standardised_score_of_zero_is_shown():
    context = {"rows": _rows(), "settings": SimpleNamespace(show_normalised=True)}
    html = Template(NEW_ROW).render(Context(context))

    assert "<td>0.0</td>" in html


def test_a_sheet_without_a_total_shows_its_status_label():
    context = {"rows": _rows(), "settings": SimpleNamespace(show_normalised=False)}
    with translation.override("zh-hans"):
        html = Template(NEW_ROW).render(Context(context))

    assert "张三：已免评" in html
    assert "excused" not in html
