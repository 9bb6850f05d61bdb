"""The results table's tags give the HTML of the template code they replace."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from review.selectors import SheetCell
from review.templatetags.review_results import two_places

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

OLD_SHEETS = (
    "{% load i18n %}{% for c in sheets %}<div>{{ c.expert_name }}：{% if c.total is not None %}"
    '{{ c.total|floatformat:"-2" }}{% else %}{{ c.state }}{% endif %}'
    "{% if show_normalised and c.zscore is not None %}"
    ' <span class="text-muted">(z {{ c.zscore }})</span>{% endif %}'
    '{% if c.deviation is not None %} <span class="badge text-bg-danger">{% translate "偏离" %}'
    " {{ c.deviation }}</span>{% endif %}</div>{% endfor %}"
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("value", NUMBERS)
def test_two_places_is_floatformat_minus_two(language, value):
    with translation.override(language):
        assert two_places(value) == floatformat(value, "-2")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("show_normalised", [True, False])
def test_sheet_scores_is_the_template_loop(language, show_normalised):
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
    context = {"sheets": sheets, "show_normalised": show_normalised}
    with translation.override(language):
        old = Template(OLD_SHEETS).render(Context(context))
        new = Template("{% load review_results %}{% sheet_scores sheets show_normalised %}").render(
            Context(context)
        )

    assert new == old
