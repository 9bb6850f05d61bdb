"""The colons and brackets the pages write around translated labels follow the reader's
language: full-width in Chinese, ": " and " (…)" in English."""

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from review.web import form_errors

pytestmark = pytest.mark.now("2026-11-16 10:00")


def _page(client, application, name, language):
    client.force_login(application.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    kwargs = {"pk": application.pk} if name == "applications:detail" else {}
    return client.get(reverse(name, kwargs=kwargs)).content.decode()


def test_the_dashboard_in_chinese_keeps_full_width_punctuation(client, make_draft):
    page = _page(
        client, make_draft("general", materials=False), "applications:dashboard", "zh-hans"
    )

    assert "</strong>：" in page  # 接下来：…
    assert "推荐单位报送截止：" in page
    assert "（还剩 " in page


def test_the_dashboard_in_english_writes_a_colon_and_round_brackets(client, make_draft):
    page = _page(client, make_draft("general", materials=False), "applications:dashboard", "en")

    assert "What happens next</strong>: " in page
    assert "working days left)" in page
    assert " (" in page
    assert "：" not in page
    assert "（" not in page


def test_the_application_page_writes_its_labels_in_the_readers_punctuation(client, make_draft):
    application = make_draft("general")

    chinese = _page(client, application, "applications:detail", "zh-hans")
    english = _page(client, application, "applications:detail", "en")

    assert f"推荐渠道：{application.unit.name}" in chinese
    assert f"Recommendation channel: {application.unit.name}" in english
    assert "推荐渠道" not in english


class _ProfitForm(forms.Form):
    profit = forms.DecimalField(label="利润总额（万元）")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("zh-hans", "利润总额（万元）：这个字段是必填项。"), ("en", ": This field is required.")],
)
def test_form_error_messages_join_label_and_error_in_the_readers_punctuation(language, shown):
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    with translation.override(language):
        form = _ProfitForm(data={})
        form.is_valid()
        form_errors(request, form)

    [message] = [str(m) for m in get_messages(request)]
    assert message.endswith(shown)
